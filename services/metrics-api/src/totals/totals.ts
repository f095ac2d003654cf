import { createHash } from 'node:crypto';
import { nameKey } from '@shared/catalogue/name-key';
import {
  type Counted,
  FAMILIES,
  type Family,
  GRAINS,
  type Grain,
  type RowRange,
  type TotalDimension,
  type TotalRow,
} from './totals-types';

export type { Counted, Family, Grain, RowRange, TotalDimension, TotalRow };
export { FAMILIES };

export const COUNTED_FIELDS = [
  'date',
  'hours',
  'customer',
  'project',
  'engineer',
  'engineerId',
  'customerId',
  'projectId',
] as const satisfies readonly (keyof Counted)[];

const DAY_MS = 24 * 3600 * 1000;
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const nextDay = (date: string) => isoDate(dayMs(date) + DAY_MS);
export const previousDay = (date: string) => isoDate(dayMs(date) - DAY_MS);

/** The first day of the part holding `date`: its week's Monday, or the 1st when the month began later in the week. */
export function partStart(date: string): string {
  const ms = dayMs(date);
  const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
  const first = `${date.slice(0, 8)}01`;
  const mondayDate = isoDate(monday);
  return mondayDate < first ? first : mondayDate;
}

/** The last day of the part holding `date`: its week's Sunday, or the month's last day when earlier. */
export function partEnd(date: string): string {
  const ms = dayMs(date);
  const sunday = isoDate(ms + (6 - ((new Date(ms).getUTCDay() + 6) % 7)) * DAY_MS);
  const [year, month] = date.split('-').map(Number);
  const last = isoDate(Date.UTC(year ?? 1970, month ?? 1, 0));
  // Dates as text: the earlier of the two sorts first.
  return [sunday, last].sort()[0] ?? last;
}

export const partitionKey = (family: Family, grain: Grain) => `${family}#${grain}`;

/** The fields of a record that make each dimension: its catalogue id (when linked) and the name recorded. */
const FIELDS = {
  engineer: { id: 'engineerId', name: 'engineer' },
  customer: { id: 'customerId', name: 'customer' },
  project: { id: 'projectId', name: 'project' },
} as const;

/** The row's identity within a family: the dimension keys, hashed so the sort key stays short whatever the names. */
function dimensionKey(family: Family, counted: Counted): string {
  const parts = FAMILIES[family].map((dimension) => {
    const { id, name } = FIELDS[dimension];
    return [counted[id] ?? '', nameKey(counted[name])];
  });
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

/** The row of one family and grain a record counts in, holding only that record. */
export function rowOf(family: Family, grain: Grain, counted: Counted): TotalRow {
  const date = grain === 'part' ? partStart(counted.date) : counted.date;
  const row: TotalRow = {
    pk: partitionKey(family, grain),
    sk: `${date}#${dimensionKey(family, counted)}`,
    date,
    cents: Math.round(counted.hours * 100),
    count: 1,
  };
  for (const dimension of FAMILIES[family]) {
    const { id, name } = FIELDS[dimension];
    row[name] = counted[name];
    const value = counted[id];
    if (value !== undefined) row[id] = value;
  }
  return row;
}

/** Every row a record counts in: one per family and grain. */
export function rowsOf(counted: Counted): TotalRow[] {
  return (Object.keys(FAMILIES) as Family[]).flatMap((family) => GRAINS.map((grain) => rowOf(family, grain, counted)));
}

const rowId = (row: Pick<TotalRow, 'pk' | 'sk'>) => `${row.pk}\u0000${row.sk}`;

/**
 * What a write changes in the totals: `before` leaves its rows, `after` joins its rows. A row both
 * touch gets one net change (a transaction may not touch one item twice), and a row whose net
 * change is nothing is left out (a change of notes updates no total).
 */
export function totalsDelta(before: Counted | undefined, after: Counted | undefined): TotalRow[] {
  const changes = new Map<string, TotalRow>();
  const add = (counted: Counted, sign: 1 | -1) => {
    for (const row of rowsOf(counted)) {
      const id = rowId(row);
      const existing = changes.get(id);
      const cents = sign * row.cents + (existing?.cents ?? 0);
      const count = sign + (existing?.count ?? 0);
      // The names of the record that joins win (a change of spelling shows).
      changes.set(id, { ...(sign === 1 ? row : (existing ?? row)), cents, count });
    }
  };
  if (before !== undefined) add(before, -1);
  if (after !== undefined) add(after, 1);
  return [...changes.values()].filter((row) => row.cents !== 0 || row.count !== 0);
}

/** The totals the records add up to, row by row: what the rebuild compares the stored rows with. */
export function totalsOf(records: Iterable<Counted>): Map<string, TotalRow> {
  const rows = new Map<string, TotalRow>();
  for (const record of records) {
    for (const row of rowsOf(record)) {
      const id = rowId(row);
      const existing = rows.get(id);
      rows.set(id, existing ? { ...existing, cents: existing.cents + row.cents, count: existing.count + 1 } : row);
    }
  }
  return rows;
}

export { rowId };

/** The smallest family that holds every one of these dimensions. */
export function familyFor(dimensions: ReadonlySet<TotalDimension>): Family {
  const engineer = dimensions.has('engineer');
  const project = dimensions.has('project');
  const customer = dimensions.has('customer');
  if (engineer) return project || customer ? 'ecp' : 'e';
  return project ? 'cp' : 'c';
}

/** The days at the edges of a range that start or end inside a part (none when both are on boundaries). */
function edgeDays(from: string | undefined, to: string | undefined): RowRange[] {
  const days: RowRange[] = [];
  if (from !== undefined && partStart(from) !== from) {
    const end = partEnd(from);
    days.push({ grain: 'day', from, to: to !== undefined && to < end ? to : end });
  }
  if (to !== undefined && partEnd(to) !== to) {
    const start = partStart(to);
    const tailFrom = from !== undefined && from > start ? from : start;
    const headTo = days[0]?.to;
    if (headTo === undefined || tailFrom > headTo) days.push({ grain: 'day', from: tailFrom, to });
  }
  return days;
}

/**
 * The rows that answer a date range exactly: whole parts where the range covers them, days at
 * an edge that starts or ends inside a part. A range on week or month boundaries (every period
 * preset of the dashboard) is whole parts only.
 */
export function rangesFor(from: string | undefined, to: string | undefined): RowRange[] {
  const partsFrom = from === undefined || partStart(from) === from ? from : nextDay(partEnd(from));
  const partsTo = to === undefined || partEnd(to) === to ? to : previousDay(partStart(to));
  const parts: RowRange = {
    grain: 'part',
    ...(partsFrom === undefined ? {} : { from: partsFrom }),
    ...(partsTo === undefined ? {} : { to: partsTo }),
  };
  const wholeParts = partsFrom === undefined || partsTo === undefined || partsFrom <= partsTo;
  return [...edgeDays(from, to), ...(wholeParts ? [parts] : [])];
}
