import type { ActivityFilter } from '@shared/activities/activity.schema';
import { fieldError } from '@shared/errors';
import { ACTIVITY_KIND, type ActivityItem } from './activity';

type EqualityField = 'engineerId' | 'engineer' | 'project' | 'customer';

/** The table's global secondary indexes; each sorts by `sortKey` (date#createdAt#id). */
export const INDEXES = {
  byEngineerId: 'engineerId',
  byEngineer: 'engineer',
  byProject: 'project',
  byCustomer: 'customer',
  byDate: 'kind',
} as const;

export type IndexName = keyof typeof INDEXES;

export interface QueryPlan {
  index: IndexName;
  partitionValue: string;
  from?: string;
  to?: string;
  /** Equality filters the chosen index does not cover. */
  filters: Partial<Record<EqualityField, string>>;
}

// Most selective first: one engineer has fewer records than one project or customer.
const PREFERENCE: readonly EqualityField[] = ['engineerId', 'engineer', 'project', 'customer'];
const INDEX_FOR: Record<EqualityField, IndexName> = {
  engineerId: 'byEngineerId',
  engineer: 'byEngineer',
  project: 'byProject',
  customer: 'byCustomer',
};

/** Chooses the index that serves a filter; never a table scan. */
export function planQuery(filter: ActivityFilter): QueryPlan {
  const keyField = PREFERENCE.find((field) => filter[field] !== undefined);
  const filters: Partial<Record<EqualityField, string>> = {};
  for (const field of PREFERENCE) {
    const value = filter[field];
    if (value !== undefined && field !== keyField) filters[field] = value;
  }
  return {
    index: keyField ? INDEX_FOR[keyField] : 'byDate',
    partitionValue: keyField ? (filter[keyField] as string) : ACTIVITY_KIND,
    from: filter.from,
    to: filter.to,
    filters,
  };
}

export type StartKey = Record<string, string>;

/** The key DynamoDB needs to resume a query on `index` right after `item`. */
export function startKeyAfter(index: IndexName, item: ActivityItem): StartKey {
  const partition = INDEXES[index];
  return { id: item.id, sortKey: item.sortKey, [partition]: item[partition] ?? '' };
}

/** An opaque cursor: base64url JSON of the index and the key to resume after. */
export function encodeCursor(index: IndexName, key: StartKey): string {
  return Buffer.from(JSON.stringify({ i: index, k: key })).toString('base64url');
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
  if (i !== plan.index || typeof k !== 'object' || k === null) throw invalid();
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
