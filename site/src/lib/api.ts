import type { ActivityInput } from '@shared/activities/activity.schema';
import type { FieldProblem } from '@shared/field-problem';
/** What the API returns: its own types (services/metrics-api/src/contracts.ts), not copies. */
import type { Activity, SummaryGroup } from '../../../services/metrics-api/src/contracts';
import { authFetch } from './auth';
import { siteConfig } from './config';
import { downloadAllParts } from './export-parts';

export type { Activity, SummaryGroup };

export interface ActivityFilter {
  customer?: string;
  project?: string;
  engineer?: string;
  engineerId?: string;
  from?: string;
  to?: string;
}

/** An answer of the API that is not a success; `errors` name the fields when there are any. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** A query string of the set values (`?a=1&b=2`), or '' when none is set. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The longest `Retry-After` of a 503 the site waits out by itself before asking once more. */
const MAX_RETRY_AFTER_SECONDS = 5;

/**
 * The seconds a busy answer asks the caller to wait: a 503 with `Retry-After` says nothing was done
 * (the API's own busy answer, or Lambda throttled before running), so asking again is safe.
 */
function retryAfter(response: Response): number | undefined {
  if (response.status !== 503) return undefined;
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_RETRY_AFTER_SECONDS ? seconds : undefined;
}

/**
 * One call to the metrics API; a failure becomes an ApiError with the API's field problems. A busy
 * answer (503 with a short Retry-After) is waited out and asked once more before it is shown.
 */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const { apiUrl } = await siteConfig();
  let response: Response;
  try {
    response = await authFetch(`${apiUrl}${path}`, init);
    const wait = retryAfter(response);
    if (wait !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      response = await authFetch(`${apiUrl}${path}`, init);
    }
  } catch {
    throw new ApiError(0, 'The metrics API could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string; errors?: FieldProblem[] };
    throw new ApiError(response.status, body.message ?? `The API answered ${response.status}`, body.errors ?? []);
  }
  return response;
}

export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await request(path, init)).json()) as T;
}

const jsonHeaders = { 'Content-Type': 'application/json' };

export function createActivity(input: ActivityInput, idempotencyKey: string): Promise<Activity> {
  return requestJson('/activities', {
    method: 'POST',
    headers: { ...jsonHeaders, 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(input),
  });
}

export function updateActivity(id: string, input: ActivityInput): Promise<Activity> {
  return requestJson(`/activities/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: jsonHeaders,
    body: JSON.stringify(input),
  });
}

export async function deleteActivity(id: string): Promise<void> {
  await request(`/activities/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function listActivities(
  filter: ActivityFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: Activity[]; nextCursor: string | null }> {
  return requestJson(`/activities${query({ ...filter, ...page })}`);
}

export type SummaryDimension = 'customer' | 'project' | 'engineer' | 'activity' | 'month' | 'week';

/** Totals per group of the records a filter selects (an engineer's own only), by one or two dimensions. */
export async function summary(
  groupBy: SummaryDimension,
  filter: ActivityFilter = {},
  thenBy?: SummaryDimension,
): Promise<SummaryGroup[]> {
  const result = await requestJson<{ groups: SummaryGroup[] }>(`/summary${query({ groupBy, thenBy, ...filter })}`);
  return result.groups;
}

/** A file the API sends for download, under the name it gives (Content-Disposition). */
export interface Download {
  blob: Blob;
  fileName: string;
  /** Rows the file left out (the XLSX workbook is one part: past its bounds it is cut). */
  leftOut?: number;
}

/** How far a download of several parts has come. */
export type ExportProgress = (progress: { rows: number; remaining: number }) => void;

const fileNameOf = (response: Response, fallback: string) =>
  /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallback;

/** Every part of the CSV export, joined into one file (the header row once). */
export async function exportCsv(filter: ActivityFilter, onPart?: ExportProgress): Promise<Download> {
  let fileName = 'activities.csv';
  const { chunks } = await downloadAllParts(async (cursor) => {
    const response = await request(`/activities.csv${query({ ...filter, cursor })}`);
    if (cursor === undefined) fileName = fileNameOf(response, fileName);
    return response;
  }, onPart);
  return { blob: new Blob(chunks, { type: 'text/csv;charset=utf-8' }), fileName };
}

export async function exportXlsx(filter: ActivityFilter): Promise<Download> {
  const response = await request(`/activities.xlsx${query({ ...filter })}`);
  const leftOut =
    response.headers.get('X-Export-Truncated') === 'true' ? Number(response.headers.get('X-Rows-Remaining')) : 0;
  return {
    blob: await response.blob(),
    fileName: fileNameOf(response, 'activities.xlsx'),
    ...(leftOut > 0 ? { leftOut } : {}),
  };
}
