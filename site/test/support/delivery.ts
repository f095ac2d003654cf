import { randomUUID } from 'node:crypto';
import { loadEvent } from '../../../test-support/events';
import { localStackEnv } from '../../../test-support/local-stack';
import type { LocalPerson } from '../../../test-support/people';
import { bearer } from '../../../test-support/tokens';
import { apiUrl } from './site';

/**
 * Delivery history for the site's tests, recorded the way AWS delivers it: EventBridge events of the
 * documented shapes (test/events/delivery) handed to metrics-api's recorder function through
 * serverless-offline's Lambda Invoke API, as EventBridge would invoke it.
 */

type DeliveryEvent = {
  id: string;
  time: string;
  resources: string[];
  detail: Record<string, unknown>;
};

async function invokeRecorder(event: DeliveryEvent): Promise<void> {
  const name = `runway-metrics-api-${localStackEnv('RUNWAY_STAGE')}-deliveryEventRecord`;
  const response = await fetch(
    `${localStackEnv('RUNWAY_METRICS_API_LAMBDA_URL')}/2015-03-31/functions/${name}/invocations`,
    { method: 'POST', body: JSON.stringify(event) },
  );
  const text = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error'))
    throw new Error(`The delivery recorder failed (${response.status}): ${text}`);
  if (!(JSON.parse(text) as { recorded?: boolean }).recorded) throw new Error(`Not recorded: ${text}`);
}

/** A fixture with this pipeline, execution and time, and an event id of its own. */
function event(
  fixture: string,
  pipeline: string,
  executionId: string,
  at: Date,
  detail: Record<string, unknown>,
): DeliveryEvent {
  const loaded = loadEvent<DeliveryEvent>('delivery', fixture);
  return {
    ...loaded,
    id: randomUUID(),
    time: at.toISOString(),
    resources: [`arn:aws:codepipeline:us-east-1:123456789012:${pipeline}`],
    detail: { ...loaded.detail, pipeline, 'execution-id': executionId, ...detail },
  };
}

export interface SeededRelease {
  executionId: string;
  /** When the deploy stage ended. */
  deployedAt: Date;
  outcome: 'succeeded' | 'failed';
}

const HOUR = 3_600_000;

/**
 * One production release of `pipeline` whose deploy stage ends at `deployedAt`: started 4 h before,
 * QC asked after 1 h and decided 1.5 h later, PMO decided 1 h after that, deployed 30 min later.
 */
export async function recordRelease(
  pipeline: string,
  deployedAt: Date,
  outcome: 'succeeded' | 'failed' = 'succeeded',
): Promise<SeededRelease> {
  const executionId = randomUUID();
  const at = (hoursBefore: number) => new Date(deployedAt.getTime() - hoursBefore * HOUR);
  const approval = (action: string, state: string, time: Date) =>
    event('action-execution-approval-started', pipeline, executionId, time, { stage: 'Approval', action, state });
  const events = [
    event('pipeline-execution-started', pipeline, executionId, at(4), { state: 'STARTED' }),
    approval('QCApproval', 'STARTED', at(3)),
    approval('QCApproval', 'SUCCEEDED', at(1.5)),
    approval('PMOApproval', 'STARTED', at(1.5)),
    approval('PMOApproval', 'SUCCEEDED', at(0.5)),
    event('stage-execution-succeeded', pipeline, executionId, at(0.4), { stage: 'DeployProduction', state: 'STARTED' }),
    event('stage-execution-succeeded', pipeline, executionId, deployedAt, {
      stage: 'DeployProduction',
      state: outcome === 'succeeded' ? 'SUCCEEDED' : 'FAILED',
    }),
  ];
  for (const recorded of events) await invokeRecorder(recorded);
  return { executionId, deployedAt, outcome };
}

async function asPerson<T>(person: LocalPerson, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: { ...bearer(person), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** A new catalogue customer and project, made by a manager; the project's id and name. */
export async function catalogueProject(
  manager: LocalPerson,
  label: string,
): Promise<{ id: string; name: string; customer: string }> {
  const suffix = randomUUID().slice(0, 6);
  const customer = `${label} customer ${suffix}`;
  const { id: customerId } = await asPerson<{ id: string }>(manager, 'POST', '/catalogue/customers', {
    name: customer,
  });
  const name = `${label} ${suffix}`;
  const { id } = await asPerson<{ id: string }>(manager, 'POST', '/catalogue/projects', { customerId, name });
  return { id, name, customer };
}

/** A manager maps the pipeline to the project, as a production pipeline (PUT /delivery/pipelines/{pipeline}). */
export function mapPipeline(manager: LocalPerson, pipeline: string, projectId: string): Promise<unknown> {
  return asPerson(manager, 'PUT', `/delivery/pipelines/${encodeURIComponent(pipeline)}`, {
    projectId,
    production: true,
  });
}

/** A pipeline name no other test uses. */
export const uniquePipeline = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
