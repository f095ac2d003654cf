import { byCodeUnits } from '@shared/order';
import type { Activity } from './activity';

/** A cell as write-excel-file takes it: real types, so a spreadsheet computes with them. */
export type SheetCell =
  | { value: string; type?: StringConstructor; fontWeight?: 'bold' }
  | { value: number; type: NumberConstructor; format: string; fontWeight?: 'bold' }
  | { value: Date; type: DateConstructor; format: string }
  | null;

const HEADER = ['Date', 'Engineer', 'Customer', 'Project', 'Activity', 'Hours', 'Notes', 'Recorded by'];
const HOURS = (value: number, bold = false): SheetCell => ({
  value,
  type: Number,
  format: '0.00',
  ...(bold ? { fontWeight: 'bold' as const } : {}),
});

function recordRow(activity: Activity): SheetCell[] {
  return [
    { value: new Date(`${activity.date}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' },
    { value: activity.engineer },
    { value: activity.customer },
    { value: activity.project },
    { value: activity.activity },
    HOURS(activity.hours),
    activity.notes === undefined ? null : { value: activity.notes },
    activity.recordedBy === undefined ? null : { value: activity.recordedBy.name },
  ];
}

/** What a record adds to a sheet, about: its text (UTF-8) and the XML of its eight cells. */
export function cellTextBytes(activity: Activity): number {
  const text = [activity.engineer, activity.customer, activity.project, activity.activity, activity.notes ?? ''];
  return text.reduce((sum, value) => sum + Buffer.byteLength(value), 0) + 8 * 40;
}

/**
 * The rows of the XLSX export: a header, then each person's records by date with a totals row
 * after them, people in name order. Dates are date cells, hours numbers; no internal ids.
 */
export function activitySheet(activities: readonly Activity[]): SheetCell[][] {
  const byPerson = new Map<string, Activity[]>();
  for (const activity of activities) {
    const list = byPerson.get(activity.engineer) ?? [];
    list.push(activity);
    byPerson.set(activity.engineer, list);
  }
  const rows: SheetCell[][] = [HEADER.map((value) => ({ value, fontWeight: 'bold' as const }))];
  for (const [person, list] of [...byPerson].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => byCodeUnits(a.date, b.date) || byCodeUnits(a.createdAt, b.createdAt));
    rows.push(...list.map(recordRow));
    const cents = list.reduce((sum, activity) => sum + Math.round(activity.hours * 100), 0);
    rows.push([
      null,
      { value: `Total ${person}`, fontWeight: 'bold' },
      null,
      null,
      null,
      HOURS(cents / 100, true),
      null,
      null,
    ]);
  }
  return rows;
}
