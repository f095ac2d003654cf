import { parseHoursText } from '@shared/activities/activity-rules';
import type { WeekEntry } from './week-api';

/** A row of the week grid: one customer / project / activity. */
export interface GridRow {
  customer: string;
  project: string;
  activity: string;
  /** The records of each day of the week (index 0 = Monday). */
  cells: WeekEntry[][];
}

export const rowKey = (row: Pick<GridRow, 'customer' | 'project' | 'activity'>) =>
  JSON.stringify([row.customer, row.project, row.activity]);

/** Groups a week's records into rows, in the order they first appear; `extra` rows (added, copied) stay even when empty. */
export function gridRows(
  dates: readonly string[],
  entries: readonly WeekEntry[],
  extra: readonly GridRow[] = [],
): GridRow[] {
  const rows = new Map<string, GridRow>();
  const rowFor = (fields: Pick<GridRow, 'customer' | 'project' | 'activity'>) => {
    const key = rowKey(fields);
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        customer: fields.customer,
        project: fields.project,
        activity: fields.activity,
        cells: dates.map(() => []),
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const entry of entries) {
    const day = dates.indexOf(entry.date);
    if (day >= 0) rowFor(entry).cells[day]?.push(entry);
  }
  for (const row of extra) rowFor(row);
  return [...rows.values()];
}

/** Hours of a cell (several records of one day add up). */
export const cellHours = (cell: readonly WeekEntry[]) =>
  cell.reduce((sum, entry) => sum + Math.round(entry.hours * 100), 0) / 100;

export function rowTotal(row: GridRow): number {
  return row.cells.reduce((sum, cell) => sum + Math.round(cellHours(cell) * 100), 0) / 100;
}

export function dayTotals(rows: readonly GridRow[], days: number): number[] {
  return Array.from(
    { length: days },
    (_, day) => rows.reduce((sum, row) => sum + Math.round(cellHours(row.cells[day] ?? []) * 100), 0) / 100,
  );
}

export type CellChange =
  | { kind: 'none' }
  | { kind: 'invalid'; problem: string }
  | { kind: 'create'; hours: number }
  | { kind: 'update'; entry: WeekEntry; hours: number }
  | { kind: 'delete'; entry: WeekEntry };

/** Reads what was typed in a cell: empty clears it; `1.5`, `1,5`, `1:30` and `1h30` are all an hour and a half. */
export function parseHours(text: string): number | undefined | 'invalid' {
  if (text.trim() === '') return undefined;
  const hours = parseHoursText(text);
  return hours !== undefined && hours > 0 && hours <= 24 ? hours : 'invalid';
}

/**
 * What typing `text` into a cell does to the records: a create, a change, a delete or nothing.
 * A cell holding several records of the same day is changed on the dashboard instead.
 */
export function planCellChange(cell: readonly WeekEntry[], text: string): CellChange {
  const hours = parseHours(text);
  if (hours === 'invalid')
    return { kind: 'invalid', problem: 'Hours must be a number above 0 and at most 24 (two decimals).' };
  if (cell.length > 1)
    return { kind: 'invalid', problem: 'This day holds several records: change them on the dashboard.' };
  const [entry] = cell;
  if (entry === undefined) return hours === undefined ? { kind: 'none' } : { kind: 'create', hours };
  if (hours === undefined) return { kind: 'delete', entry };
  return hours === entry.hours ? { kind: 'none' } : { kind: 'update', entry, hours };
}

/** The same weekday one week later. */
export function nextWeekDate(date: string): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + 7);
  return moved.toISOString().slice(0, 10);
}

/** Where the keyboard goes from a cell, as in a spreadsheet. */
export function moveFrom(
  at: { row: number; day: number },
  key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Enter',
  size: { rows: number; days: number },
): { row: number; day: number } {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max - 1);
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(at.row - 1, size.rows), day: at.day };
    case 'ArrowDown':
    case 'Enter':
      return { row: clamp(at.row + 1, size.rows), day: at.day };
    case 'ArrowLeft':
      return { row: at.row, day: clamp(at.day - 1, size.days) };
    case 'ArrowRight':
      return { row: at.row, day: clamp(at.day + 1, size.days) };
  }
}

/** The ISO week of a date (`2026-W53`), as the API names weeks. */
export function isoWeekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() + 3 - weekday);
  const year = day.getUTCFullYear();
  const january4 = new Date(Date.UTC(year, 0, 4));
  const firstThursday = new Date(january4);
  firstThursday.setUTCDate(january4.getUTCDate() + 3 - ((january4.getUTCDay() + 6) % 7));
  const week = Math.round((day.getTime() - firstThursday.getTime()) / (7 * 24 * 3600 * 1000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
