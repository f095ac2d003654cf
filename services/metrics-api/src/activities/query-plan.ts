import type { ActivityFilter } from '@shared/activities/activity.schema';
import { nameKey } from '@shared/catalogue/name-key';
import { fieldError } from '@shared/errors';
import type { NameFilter } from '../catalogue/catalogue';
import { ACTIVITY_KIND, type ActivityItem } from './activity';

/**
 * The table's global secondary indexes; each sorts by `sortKey` (date#createdAt#id). The indexes
 * on the names (byEngineer, byProject, byCustomer) match exact spellings only; filters on names
 * are case-insensitive (and match a renamed catalogue entry by either name), so they are applied
 * to the records read and no longer choose the index (see README, catalogue).
 */
export const INDEXES = {
  byEngineerId: 'engineerId',
  byDate: 'kind',
} as const;

export type IndexName = keyof typeof INDEXES;

export interface QueryPlan {
  index: IndexName;
  partitionValue: string;
  from?: string;
  to?: string;
  /** Name filters, compared case- and spacing-insensitively with the records read (catalogue.ts matchesNames). */
  names?: NameFilter;
}

/** Chooses the index that serves a filter; never a table scan. */
export function planQuery(filter: ActivityFilter): QueryPlan {
  const names: NameFilter = {};
  for (const field of ['customer', 'project', 'engineer'] as const) {
    const value = filter[field];
    if (value !== undefined) names[field] = value;
  }
  return {
    index: filter.engineerId === undefined ? 'byDate' : 'byEngineerId',
    partitionValue: filter.engineerId ?? ACTIVITY_KIND,
    from: filter.from,
    to: filter.to,
    ...(Object.keys(names).length > 0 ? { names } : {}),
  };
}

export type StartKey = Record<string, string>;

/** The key DynamoDB needs to resume a query on `index` right after `item`. */
export function startKeyAfter(index: IndexName, item: ActivityItem): StartKey {
  const partition = INDEXES[index];
  return { id: item.id, sortKey: item.sortKey, [partition]: item[partition] ?? '' };
}

/**
 * What a cursor says of the name filters it was made under (their name keys): a cursor of one
 * filter is refused under another, though both read the same index.
 */
export function filterTag(plan: Pick<QueryPlan, 'names'>): string {
  const names = plan.names ?? {};
  return (['customer', 'project', 'engineer'] as const).map((field) => nameKey(names[field] ?? '')).join('\u0000');
}

/** An opaque cursor: base64url JSON of the index, the key to resume after and the name filters' tag. */
export function encodeCursor(index: IndexName, key: StartKey, tag = filterTag({})): string {
  return Buffer.from(JSON.stringify({ i: index, k: key, n: tag })).toString('base64url');
}

/** Decodes a cursor made by encodeCursor for this plan; anything else is a 400 on `cursor`. */
export function decodeCursor(cursor: string, plan: QueryPlan): StartKey {
  const invalid = () => fieldError('cursor', 'is not a cursor returned by this query');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null || !('i' in decoded) || !('k' in decoded)) throw invalid();
  const { i, k } = decoded;
  const tag = 'n' in decoded ? decoded.n : undefined;
  if (i !== plan.index || tag !== filterTag(plan) || typeof k !== 'object' || k === null) throw invalid();
  const expected = ['id', 'sortKey', INDEXES[plan.index]].sort();
  const entries = Object.entries(k);
  const keys = entries.map(([name]) => name).sort();
  const wellFormed =
    keys.length === expected.length &&
    keys.every((name, n) => name === expected[n]) &&
    entries.every(([, value]) => typeof value === 'string' && value.length > 0 && value.length <= 512);
  if (!wellFormed || (k as StartKey)[INDEXES[plan.index]] !== plan.partitionValue) throw invalid();
  if (!sortKeyFits(k as StartKey, plan)) throw invalid();
  return k as StartKey;
}

const SORT_KEY = /^\d{4}-\d{2}-\d{2}#[^#]+#(.+)$/;

/**
 * A start key DynamoDB accepts: a sort key of the records' shape (date#createdAt#id, of the
 * same id) within the query's date bounds. Anything else DynamoDB refuses as a ValidationException.
 */
function sortKeyFits(key: StartKey, plan: QueryPlan): boolean {
  const { sortKey = '', id } = key;
  if (SORT_KEY.exec(sortKey)?.[1] !== id) return false;
  if (plan.from !== undefined && sortKey < plan.from) return false;
  return plan.to === undefined || sortKey <= `${plan.to}#~`;
}
