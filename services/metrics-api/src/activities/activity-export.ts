import type { ActivityFilter } from '@shared/activities/activity.schema';
import type { Caller } from '@shared/auth/caller';
import { fieldError } from '@shared/errors';
import { resolveNames } from '../catalogue/catalogue';
import type { CatalogueReader } from '../catalogue/catalogue-store';
import { familyForSummary, selectedTotals } from '../totals/totals-query';
import type { TotalsReader } from '../totals/totals-store';
import { scopedFilter } from './access';
import { type Activity, type ActivityItem, CSV_FIELDS, csvRow, fromItem } from './activity';
import { allMatching, catalogueIndex } from './activity-service';
import type { ActivityStore } from './activity-store';
import { assertDateRange } from './assert-rules';
import { csvCell, csvLine } from './csv';
import { decodeCursor, encodeCursor, filterTag, planQuery, type StartKey, startKeyAfter } from './query-plan';

/** Rows in one part of an export at most. */
export const MAX_EXPORT_ROWS = 10_000;
/**
 * Bytes of one CSV part at most: well under Lambda's 6 MB response payload (10,000 rows of 2,000
 * characters of notes would be 20 MB), with room for the headers.
 */
export const MAX_CSV_PART_BYTES = 4 * 1024 * 1024;

/** One part of an export: its records, where the next part starts, and how many rows remain after it. */
export interface ExportPart {
  records: Activity[];
  /** The cursor of the next part; null on the last part. */
  nextCursor: string | null;
  /**
   * Rows after this part: counted from the maintained totals less the rows already sent, so a write
   * made while the parts are downloaded can make it off by that write; 0 on the last part.
   */
  remaining: number;
}

/** An export's cursor: the list cursor of where the next part starts, and how many rows came before it. */
function encodeExportCursor(listCursor: string, delivered: number): string {
  return `${listCursor}.${delivered}`;
}

function decodeExportCursor(
  cursor: string,
  plan: ReturnType<typeof planQuery>,
): { start: StartKey; delivered: number } {
  const dot = cursor.lastIndexOf('.');
  const delivered = cursor.slice(dot + 1);
  if (dot < 1 || !/^\d{1,9}$/.test(delivered)) throw fieldError('cursor', 'is not a cursor returned by this export');
  return { start: decodeCursor(cursor.slice(0, dot), plan), delivered: Number(delivered) };
}

/** The rows of one part at most, and its size at most in the unit `sizeOf` measures (bytes of the file). */
export interface PartBounds {
  maxRows: number;
  maxBytes: number;
  sizeOf: (record: Activity) => number;
}

/**
 * One part of the records a filter selects (an engineer's pinned to their own), newest first,
 * under their catalogue entries' current names: from the cursor on, until the next record would
 * pass the part's rows or bytes.
 */
export async function exportPart(
  store: ActivityStore,
  caller: Caller,
  filter: ActivityFilter & { cursor?: string },
  catalogue: CatalogueReader,
  bounds: PartBounds,
  totals: TotalsReader,
): Promise<ExportPart> {
  assertDateRange(filter.from, filter.to);
  const { cursor, ...selection } = filter;
  const scoped = scopedFilter(caller, selection);
  const plan = planQuery(scoped);
  const resume = cursor === undefined ? undefined : decodeExportCursor(cursor, plan);
  const index = await catalogueIndex(catalogue);
  const records: Activity[] = [];
  let bytes = 0;
  let last: ActivityItem | undefined;
  let more = false;
  for await (const item of allMatching(store, plan, index, resume?.start)) {
    const record = resolveNames(fromItem(item), index);
    const size = bounds.sizeOf(record);
    if (records.length === bounds.maxRows || (records.length > 0 && bytes + size > bounds.maxBytes)) {
      more = true;
      break;
    }
    records.push(record);
    bytes += size;
    last = item;
  }
  const delivered = (resume?.delivered ?? 0) + records.length;
  if (!more || last === undefined) return { records, nextCursor: null, remaining: 0 };
  const family = familyForSummary(scoped, []) ?? 'c';
  const selected = await selectedTotals(totals, family, plan, scoped.engineerId, index);
  const total = selected.reduce((sum, row) => sum + row.count, 0);
  return {
    records,
    nextCursor: encodeExportCursor(
      encodeCursor(plan.index, startKeyAfter(plan.index, last), filterTag(plan)),
      delivered,
    ),
    // At least one: the record that did not fit is there.
    remaining: Math.max(1, total - delivered),
  };
}

const CSV_HEADER = `${CSV_FIELDS.map(csvCell).join(',')}\r\n`;

/** The size of a record's CSV line, line end included. */
const csvSize = (record: Activity) => Buffer.byteLength(csvLine(CSV_FIELDS, csvRow(record))) + 2;

export interface CsvPart extends Omit<ExportPart, 'records'> {
  csv: string;
  rows: number;
}

/**
 * One part of a CSV export: a whole CSV file (header row, CRLF line ends) of at most
 * MAX_EXPORT_ROWS rows and MAX_CSV_PART_BYTES bytes. Every part has the header, so each opens on
 * its own; a client joining them keeps the first part's.
 */
export async function exportCsvPart(
  store: ActivityStore,
  caller: Caller,
  filter: ActivityFilter & { cursor?: string },
  catalogue: CatalogueReader,
  totals: TotalsReader,
): Promise<CsvPart> {
  const bounds = { maxRows: MAX_EXPORT_ROWS, maxBytes: MAX_CSV_PART_BYTES - CSV_HEADER.length, sizeOf: csvSize };
  const { records, ...part } = await exportPart(store, caller, filter, catalogue, bounds, totals);
  const body = records.map((record) => `${csvLine(CSV_FIELDS, csvRow(record))}\r\n`).join('');
  return { ...part, csv: `${CSV_HEADER}${body}`, rows: records.length };
}
