import type { ActivityItem } from '../activities/activity';

/**
 * Maintained totals: hours (in hundredths) and record counts kept per combination of a few
 * dimensions and a stretch of time, updated in the same transaction as every activity write, so
 * the summary and the team view read a number of rows that does not grow with the records.
 *
 * A family is the set of dimensions a row is kept per; each write updates one row of each family
 * at each grain. A summary reads the smallest family that holds every dimension it groups or
 * filters by. Every dimension is keyed by the catalogue id when the record has one and by the
 * name it was recorded with (name key: case and spacing ignored), so a catalogue rename leaves
 * rows as they are (the reader shows the entry's current name) and a filter by the old name still
 * finds what was recorded under it, as it does on records.
 */
export const FAMILIES = {
  c: ['customer'],
  cp: ['customer', 'project'],
  e: ['engineer'],
  ecp: ['engineer', 'customer', 'project'],
} as const satisfies Record<string, readonly TotalDimension[]>;

export type TotalDimension = 'customer' | 'project' | 'engineer';
export type Family = keyof typeof FAMILIES;

/**
 * The stretches of time rows are kept per: `part`, an ISO week cut at a month's end (a week that
 * straddles two months is two parts, so months and weeks are both sums of whole parts), and
 * `day`, for the edges of a range that does not start or end on a part's boundary.
 */
export type Grain = 'part' | 'day';
export const GRAINS: readonly Grain[] = ['part', 'day'];

/** What of a record the totals depend on; a write whose change touches none of it updates no total. */
export type Counted = Pick<
  ActivityItem,
  'date' | 'hours' | 'customer' | 'project' | 'engineer' | 'engineerId' | 'customerId' | 'projectId'
>;

/** One row as stored: its key, the first day of its stretch, the dimensions it is kept per, the sums. */
export interface TotalRow {
  pk: string;
  sk: string;
  /** The first day of the part, or the day. */
  date: string;
  cents: number;
  count: number;
  engineerId?: string;
  /** Names as recorded (the last spelling written of the row's name key). */
  engineer?: string;
  customer?: string;
  customerId?: string;
  project?: string;
  projectId?: string;
}

/** A stretch of rows to read: one grain, first days from `from` to `to` (open when absent). */
export interface RowRange {
  grain: Grain;
  from?: string;
  to?: string;
}
