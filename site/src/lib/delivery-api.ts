import type {
  DeliveryMetrics,
  PipelineList,
  PipelineSetting,
  Release,
  ReleaseList,
} from '../../../services/metrics-api/src/contracts';
import { ApiError, query, request, requestJson } from './api';

/** The delivery routes of the metrics API, through api.ts's `request` (sign-in, errors). */

/** What the delivery routes return: the API's own types (services/metrics-api/src/contracts.ts), not copies. */
export type {
  DeliveryMetrics,
  DeliveryWeek,
  DoraBand,
  FailureCause,
  LeadTimeParts,
  PipelineList,
  PipelineSetting,
  Release,
  ReleaseApproval,
  ReleaseList,
} from '../../../services/metrics-api/src/contracts';

/** [from, to] as dates (inclusive), and one pipeline or (unset) every production pipeline the caller may see. */
export interface DeliveryScope {
  from: string;
  to: string;
  pipeline?: string;
}

const jsonHeaders = { 'Content-Type': 'application/json' };

export function getDeliveryMetrics(scope: DeliveryScope): Promise<DeliveryMetrics> {
  return requestJson(`/delivery/metrics${query({ ...scope })}`);
}

/** The newest releases first, at most `limit` (the API's maximum is 200). */
export function getReleases(scope: DeliveryScope, limit = 50): Promise<ReleaseList> {
  return requestJson(`/delivery/releases${query({ ...scope, limit })}`);
}

export function getPipelines(): Promise<PipelineList> {
  return requestJson('/delivery/pipelines');
}

/** Managers: the catalogue project whose hours the pipeline's releases are joined with. */
export function putPipeline(
  pipeline: string,
  setting: { projectId: string; production: boolean },
): Promise<PipelineSetting> {
  return requestJson(`/delivery/pipelines/${encodeURIComponent(pipeline)}`, {
    method: 'PUT',
    headers: jsonHeaders,
    body: JSON.stringify(setting),
  });
}

/** Managers: the successful deployment caused a failure (note given) or, with no note, did not after all. */
export async function markFailure(executionId: string, note: string | undefined): Promise<Release> {
  const path = `/delivery/releases/${encodeURIComponent(executionId)}/failure`;
  if (note === undefined) return (await request(path, { method: 'DELETE' })).json() as Promise<Release>;
  return requestJson(path, { method: 'PUT', headers: jsonHeaders, body: JSON.stringify({ note }) });
}

/** What a failed call says on the page: the API's message and the fields it names, or `fallback`. */
export function refusal(error: unknown, fallback: string): string {
  if (!(error instanceof Error)) return fallback;
  const fields = error instanceof ApiError ? error.errors.map((problem) => `${problem.field} ${problem.problem}`) : [];
  return fields.length > 0 ? `${error.message}: ${fields.join('; ')}.` : error.message;
}
