import { byCodeUnits } from '@shared/order';
import { shiftWeek, type WeekId, weekDates } from './iso-week';
import type { WeekEntry } from './week-entries';
import { WRITABLE_STATES } from './week-gate';
import { type HistoryEntry, isLocked, type WeekHours, type WeekRecord, type WeekState } from './week-state';

export interface WeekRow {
  customer: string;
  project: string;
  activity: string;
  /** Hours per date of the row (only dates with a record). */
  hours: Record<string, number>;
  total: number;
}

/** One engineer's week as the API returns it. */
export interface WeekView {
  week: WeekId;
  previous: WeekId;
  next: WeekId;
  dates: string[];
  engineerId: string;
  engineer: string | null;
  state: WeekState;
  /** Approved: nobody changes its records until a manager reopens it. */
  locked: boolean;
  /** Open or rejected: its records may change (submitted weeks are frozen, approved ones locked). */
  editable: boolean;
  /** Writes of its records so far. */
  revision: number;
  /** What the last submit covered (the revision and hours a manager decides on), when submitted once. */
  submitted: { revision: number; hours: WeekHours } | null;
  history: HistoryEntry[];
  entries: WeekEntry[];
  rows: WeekRow[];
  totals: { byDate: Record<string, number>; week: number };
}

/** Sums in hundredths of an hour, as the summary does, so 0.1 + 0.2 stays 0.3. */
const cents = (hours: number) => Math.round(hours * 100);

/** The grid of a week: one row per customer / project / activity, totals per day, row and week. */
export function weekView(
  week: WeekId,
  engineerId: string,
  record: WeekRecord | undefined,
  entries: WeekEntry[],
): WeekView {
  const dates = weekDates(week);
  const rows = new Map<string, { row: WeekRow; cents: Record<string, number>; total: number }>();
  const byDate: Record<string, number> = Object.fromEntries(dates.map((date) => [date, 0]));
  let total = 0;
  const sorted = [...entries].sort((a, b) => byCodeUnits(a.date, b.date) || byCodeUnits(a.id, b.id));
  for (const entry of sorted) {
    const key = JSON.stringify([entry.customer, entry.project, entry.activity]);
    const group = rows.get(key) ?? {
      row: { customer: entry.customer, project: entry.project, activity: entry.activity, hours: {}, total: 0 },
      cents: {},
      total: 0,
    };
    group.cents[entry.date] = (group.cents[entry.date] ?? 0) + cents(entry.hours);
    group.total += cents(entry.hours);
    byDate[entry.date] = (byDate[entry.date] ?? 0) + cents(entry.hours);
    total += cents(entry.hours);
    rows.set(key, group);
  }
  const state = record?.state ?? 'open';
  return {
    week,
    previous: shiftWeek(week, -1),
    next: shiftWeek(week, 1),
    dates,
    engineerId,
    engineer: record?.engineer ?? sorted[0]?.engineer ?? null,
    state,
    locked: isLocked(state),
    editable: (WRITABLE_STATES as readonly WeekState[]).includes(state),
    revision: record?.revision ?? 0,
    submitted: record?.submitted ?? null,
    history: record?.history ?? [],
    entries: sorted,
    rows: [...rows.values()].map(({ row, cents: perDate, total: rowTotal }) => ({
      ...row,
      hours: Object.fromEntries(Object.entries(perDate).map(([date, value]) => [date, value / 100])),
      total: rowTotal / 100,
    })),
    totals: {
      byDate: Object.fromEntries(Object.entries(byDate).map(([date, value]) => [date, value / 100])),
      week: total / 100,
    },
  };
}
