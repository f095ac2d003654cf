import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { table as approvalsTable, dynamo } from '../../../test-support/approval-gateway';
import { codePipelineControl } from '../../../test-support/codepipeline-fake';
import {
  approvalEvent,
  type DeliveryEvent,
  releaseEvents,
  sendDeliveryEvent,
} from '../../../test-support/delivery-events';
import { localStackEnv } from '../../../test-support/local-stack';
import type { LocalPerson } from '../../../test-support/people';
import { bearer } from '../../../test-support/tokens';
import { apiUrl } from './site';

/**
 * Delivery history for the site's tests, recorded the way AWS delivers it: the documented EventBridge
 * events (test-support/delivery-events.ts) handed to metrics-api's recorder through serverless-offline's
 * Lambda Invoke API, and approval-gateway's audit of who decided, written where approval-gateway writes it.
 */

const send = (event: DeliveryEvent) =>
  sendDeliveryEvent(localStackEnv('RUNWAY_METRICS_API_LAMBDA_URL'), localStackEnv('RUNWAY_STAGE'), event);

export interface SeededRelease {
  executionId: string;
  /** When the deploy stage ended. */
  deployedAt: Date;
  outcome: 'succeeded' | 'failed';
}

const HOUR = 3_600_000;

/**
 * One production release of `pipeline` whose deploy stage ends at `deployedAt`: started 4 h before,
 * QC asked after 1 h and decided 90 min later, PMO decided 1 h after that, deployed 30 min later.
 */
export async function recordRelease(
  pipeline: string,
  deployedAt: Date,
  outcome: 'succeeded' | 'failed' = 'succeeded',
  /** Hours before the start the release's commit was made, as CodePipeline tells the recorder (else unknown). */
  committedEarlier?: number,
): Promise<SeededRelease> {
  const executionId = randomUUID();
  const before = (hours: number) => new Date(deployedAt.getTime() - hours * HOUR);
  if (committedEarlier !== undefined) {
    await codePipelineControl(localStackEnv('RUNWAY_CODEPIPELINE_CONTROL_URL')).declareExecution({
      pipelineName: pipeline,
      executionId,
      revision: {
        commitId: 'c0ffee1234567890',
        message: 'Release',
        committedAt: before(4 + committedEarlier).toISOString(),
      },
    });
  }
  const times = {
    started: before(4),
    qcAsked: before(3),
    qcDecided: before(1.5),
    pmoDecided: before(0.5),
    deployed: deployedAt,
  };
  for (const event of releaseEvents(pipeline, executionId, times, outcome === 'succeeded' ? 'SUCCEEDED' : 'FAILED'))
    await send(event);
  return { executionId, deployedAt, outcome };
}

/**
 * The QC approver of a seeded release, as approval-gateway's audit records an accepted decision;
 * the recorder reads the audit when an approval ends, so the QC decision's event is sent again.
 */
export async function recordQcApprover(pipeline: string, release: SeededRelease, approver: string): Promise<void> {
  const decidedAt = new Date(release.deployedAt.getTime() - 1.5 * HOUR).toISOString();
  await dynamo().send(
    new PutCommand({
      TableName: approvalsTable(),
      Item: {
        pk: `approval#${randomUUID()}`,
        sk: `audit#${decidedAt}#1`,
        recordType: 'decision',
        outcome: 'accepted',
        executionId: release.executionId,
        pipelineName: pipeline,
        stageName: 'Approval',
        actionName: 'QCApproval',
        approver,
        decision: 'approve',
        decidedAt,
      },
    }),
  );
  const qcEnd = approvalEvent({
    pipeline,
    executionId: release.executionId,
    stage: 'Approval',
    action: 'QCApproval',
    state: 'SUCCEEDED',
    at: new Date(decidedAt),
  });
  await send(qcEnd);
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
