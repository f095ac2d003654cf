import type { FieldProblem } from '@shared/errors';
import type { WeekEntry } from '@shared/weeks/week-entry';
import { query, requestJson } from './api';

/**
 * The week routes of the metrics API. Every call goes through api.ts's `request`, the one place
 * that talks to the API (and the one place sign-in adds its token), so this module knows nothing
 * of authentication.
 */

export type { WeekEntry };

export type WeekState = 'open' | 'submitted' | 'approved' | 'rejected';

/** Hours of a week per date and in total. */
export interface WeekHours {
  byDate: Record<string, number>;
  week: number;
}

export interface HistoryEntry {
  action: 'submit' | 'withdraw' | 'approve' | 'reject' | 'reopen';
  by: string;
  at: string;
  comment?: string;
  /** Submit, approve, reject: the revision and hours the step covered. */
  revision?: number;
  hours?: WeekHours;
}

export interface Week {
  week: string;
  previous: string;
  next: string;
  dates: string[];
  engineerId: string;
  engineer: string | null;
  state: WeekState;
  locked: boolean;
  /** Open or rejected: its records may change (a submitted week is frozen, an approved one locked). */
  editable: boolean;
  revision: number;
  /** What the last submit covered: what a manager approves. */
  submitted: { revision: number; hours: WeekHours } | null;
  history: HistoryEntry[];
  entries: WeekEntry[];
  totals: { byDate: Record<string, number>; week: number };
  viewer: { id: string; name: string; roles: string[] };
}

export interface PendingWeek {
  engineerId: string;
  engineer: string;
  week: string;
  state: WeekState;
  hours: number;
  updatedAt?: string;
}

export interface TeamWeeks {
  from: string;
  to: string;
  weeks: string[];
  engineers: { engineerId: string; engineer: string; weeks: { week: string; state: WeekState; hours: number }[] }[];
  totals: { week: string; hours: number }[];
}

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
