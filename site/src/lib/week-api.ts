import type { FieldProblem } from '@shared/field-problem';
import type { WeekEntry } from '@shared/weeks/week-entry';
import type { TeamView, Viewer, WeekSummary, WeekView } from '../../../services/metrics-api/src/contracts';
import { query, requestJson } from './api';

/**
 * The week routes of the metrics API. Every call goes through api.ts's `request`, the one place
 * that talks to the API (and the one place sign-in adds its token), so this module knows nothing
 * of authentication.
 */

/** What the week routes return: the API's own types (services/metrics-api/src/contracts.ts), not copies. */
export type { HistoryEntry, WeekHours, WeekState } from '../../../services/metrics-api/src/contracts';
export type { WeekEntry };
/** GET /weeks/{week}: the week and who is looking at it. */
export type Week = WeekView & { viewer: Viewer };
/** GET /weeks?state=…: a week in a manager's lists. */
export type PendingWeek = WeekSummary;
/** GET /team/weeks: the team's states and hours per week. */
export type TeamWeeks = TeamView;

export type { FieldProblem };

const jsonHeaders = { 'Content-Type': 'application/json' };

export function getWeek(week: string, engineer?: string): Promise<Week> {
  return requestJson(`/weeks/${encodeURIComponent(week)}${query({ engineer })}`);
}

export function submitWeek(week: string): Promise<Week> {
  return requestJson(`/weeks/${encodeURIComponent(week)}/submit`, { method: 'POST' });
}

/** Takes back one's own submitted week: it is open again. */
export function withdrawWeek(week: string): Promise<Week> {
  return requestJson(`/weeks/${encodeURIComponent(week)}/withdraw`, { method: 'POST' });
}

export function decideWeek(
  action: 'approve' | 'reject' | 'reopen',
  week: string,
  body: { engineer: string; comment?: string; reason?: string },
): Promise<Week> {
  return requestJson(`/weeks/${encodeURIComponent(week)}/${action}`, {
    method: 'POST',
    headers: jsonHeaders,
    body: JSON.stringify(body),
  });
}

export async function pendingWeeks(): Promise<PendingWeek[]> {
  return (await requestJson<{ items: PendingWeek[] }>(`/weeks${query({ state: 'submitted' })}`)).items;
}

export function teamWeeks(from: string, to: string): Promise<TeamWeeks> {
  return requestJson(`/weeks${query({ from, to })}`);
}
