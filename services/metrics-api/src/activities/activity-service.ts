import { randomUUID } from 'node:crypto';
import type { ActivityFilter, ActivityInput, SummaryQuery } from '@shared/activities/activity.schema';
import type { Caller } from '@shared/auth/caller';
import { refusalFor, type WeekStateReader } from '../weeks/week-gate';
import { asPerson, assertMaySummarise, assertMayUse, ownerFor, scopedFilter } from './access';
import { type Activity, type ActivityItem, CSV_FIELDS, csvRow, fromItem, type SummaryGroup, toItem } from './activity';
import type { ActivityStore, WriteOutcome } from './activity-store';
import { assertActivityRules, assertDateRange } from './assert-rules';
import { toCsv } from './csv';
import { ActivityChangedError, ActivityNotFoundError, IdempotencyConflictError } from './errors';
import { idForKey, requestHash } from './idempotency';
import { decodeCursor, encodeCursor, planQuery, type QueryPlan, type StartKey, startKeyAfter } from './query-plan';

/** Query pages read for one list request before it returns what it has (bounds latency on sparse filters). */
const MAX_PAGES_PER_LIST = 20;
/** Rows in one CSV export; beyond this the export is cut and says so. */
export const MAX_EXPORT_ROWS = 10_000;
const FILTERED_PAGE_SIZE = 100;

/** Tries of one write whose record or week moved under it before it gives up with a 409. */
const MAX_WRITE_TRIES = 3;

/**
 * What a write's outcome means: `written`, or `record` (the record is not as read). A week that
 * refused the write is answered with its refusal (409 submitted, 403 approved); a week that takes
 * writes again by the time it is read (withdrawn or reopened meanwhile) means `retry`.
 */
async function settle(outcome: WriteOutcome, weeks: WeekStateReader): Promise<'written' | 'record' | 'retry'> {
  if (outcome.written) return 'written';
  if (outcome.record) return 'record';
  for (const key of outcome.weeks) {
    const refusal = refusalFor(key.week, (await weeks.get(key.engineerId, key.week))?.state ?? 'open');
    if (refusal !== undefined) throw refusal;
  }
  return 'retry';
}

/** What the write rules need besides the record: the clock, how far ahead dates may go, the week states. */
export interface WriteContext {
  now: Date;
  /** Days after today a record's date may be (planned time). */
  daysAhead: number;
  weeks: WeekStateReader;
}

export interface CreateResult {
  created: boolean;
  activity: Activity;
}

/**
 * Records the activity for the caller, or (a manager) for the person in `onBehalfOf`, only while
 * its week is open or rejected (checked in the same transaction as the write).
 */
export async function createActivity(
  store: ActivityStore,
  caller: Caller,
  input: ActivityInput,
  options: WriteContext & { idempotencyKey?: string },
): Promise<CreateResult> {
  const owner = ownerFor(caller, input.onBehalfOf);
  assertActivityRules(input, options.now, options.daysAhead);
  const { idempotencyKey } = options;
  const hash = idempotencyKey === undefined ? undefined : requestHash(input);
  const timestamp = options.now.toISOString();
  const { onBehalfOf: _owner, ...fields } = input;
  const activity: Activity = {
    id: idempotencyKey === undefined ? randomUUID() : idForKey(caller.id, idempotencyKey),
    engineerId: owner.id,
    engineer: owner.name,
    ...fields,
    ...(owner.id === caller.id ? {} : { recordedBy: asPerson(caller) }),
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  let settled: Awaited<ReturnType<typeof settle>> = 'retry';
  for (let tries = 0; settled === 'retry' && tries < MAX_WRITE_TRIES; tries += 1) {
    settled = await settle(await store.insert(toItem(activity, hash)), options.weeks);
  }
  if (settled === 'written') return { created: true, activity };
  if (settled === 'retry') throw new ActivityChangedError(activity.id);

  const existing = idempotencyKey === undefined ? undefined : await store.get(activity.id);
  if (existing === undefined || existing.requestHash !== hash) throw new IdempotencyConflictError();
  // The record as it is now: since the first request a manager may have given it to someone else.
  const current = fromItem(existing);
  assertMayUse(caller, current, 'read');
  return { created: false, activity: current };
}

async function existing(store: ActivityStore, id: string): Promise<ActivityItem> {
  const item = await store.get(id);
  if (item === undefined) throw new ActivityNotFoundError(id);
  return item;
}

export async function getActivity(store: ActivityStore, caller: Caller, id: string): Promise<Activity> {
  const activity = fromItem(await existing(store, id));
  assertMayUse(caller, activity, 'read');
  return activity;
}

/**
 * Replaces a record's fields. The owner stays, unless a manager names another in `onBehalfOf`;
 * a change by anyone but the owner is recorded in `updatedBy`. Both the week the record leaves
 * and the week it lands in must take writes, in the same transaction as the change.
 */
export async function replaceActivity(
  store: ActivityStore,
  caller: Caller,
  id: string,
  input: ActivityInput,
  context: WriteContext,
): Promise<Activity> {
  for (let tries = 0; tries < MAX_WRITE_TRIES; tries += 1) {
    const current = await existing(store, id);
    assertMayUse(caller, current, 'change');
    assertActivityRules(input, context.now, context.daysAhead);
    const activity = changed(caller, current, input, context.now);
    if (
      (await settle(await store.replace(toItem(activity, current.requestHash), current), context.weeks)) === 'written'
    )
      return activity;
  }
  throw new ActivityChangedError(id);
}

/** The record `current` becomes with `input`. */
function changed(caller: Caller, current: ActivityItem, input: ActivityInput, now: Date): Activity {
  const { onBehalfOf, ...fields } = input;
  const owner =
    onBehalfOf === undefined ? { id: current.engineerId, name: current.engineer } : ownerFor(caller, onBehalfOf);
  return {
    id: current.id,
    ...(owner.id === undefined ? {} : { engineerId: owner.id }),
    engineer: owner.name,
    ...fields,
    ...(current.recordedBy === undefined ? {} : { recordedBy: current.recordedBy }),
    ...(owner.id === caller.id ? {} : { updatedBy: asPerson(caller) }),
    createdAt: current.createdAt,
    updatedAt: now.toISOString(),
  };
}

/** Deletes a record, only while its week takes writes (in the same transaction). */
export async function deleteActivity(
  store: ActivityStore,
  caller: Caller,
  id: string,
  weeks: WeekStateReader,
): Promise<void> {
  for (let tries = 0; tries < MAX_WRITE_TRIES; tries += 1) {
    const current = await existing(store, id);
    assertMayUse(caller, fromItem(current), 'delete');
    if ((await settle(await store.remove(current), weeks)) === 'written') return;
  }
  throw new ActivityChangedError(id);
}

export interface ActivityPage {
  items: Activity[];
  nextCursor: string | null;
}

/**
 * One page, newest first. Reads one item past `limit` so `nextCursor` is
 * only given when another item really exists.
 */
export async function listActivities(
  store: ActivityStore,
  caller: Caller,
  filter: ActivityFilter,
  page: { limit: number; cursor?: string },
): Promise<ActivityPage> {
  assertDateRange(filter.from, filter.to);
  const plan = planQuery(scopedFilter(caller, filter));
  const filtered = Object.keys(plan.filters).length > 0;
  let startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, plan);
  const collected: ActivityItem[] = [];
  let pages = 0;
  do {
    const wanted = page.limit + 1 - collected.length;
    const result = await store.query(plan, { startKey, limit: filtered ? FILTERED_PAGE_SIZE : wanted });
    collected.push(...result.items);
    startKey = result.lastKey;
    pages += 1;
  } while (collected.length <= page.limit && startKey !== undefined && pages < MAX_PAGES_PER_LIST);

  const items = collected.slice(0, page.limit);
  const last = items.at(-1);
  let resumeAfter: StartKey | undefined;
  if (collected.length > page.limit && last) resumeAfter = startKeyAfter(plan.index, last);
  else if (startKey !== undefined) resumeAfter = startKey;
  return {
    items: items.map(fromItem),
    nextCursor: resumeAfter === undefined ? null : encodeCursor(plan.index, resumeAfter),
  };
}

/** Every item matching a plan, newest first, page by page. */
async function* allMatching(store: ActivityStore, plan: QueryPlan): AsyncGenerator<ActivityItem> {
  let startKey: StartKey | undefined;
  do {
    const result = await store.query(plan, { startKey, limit: 1000 });
    yield* result.items;
    startKey = result.lastKey;
  } while (startKey !== undefined);
}

export type { SummaryGroup };

export interface Summary {
  groupBy: SummaryQuery['groupBy'];
  from: string | null;
  to: string | null;
  groups: SummaryGroup[];
  totalHours: number;
  totalCount: number;
}

/**
 * Total hours and record count per group, largest first, over everyone's records (managers
 * only). Sums in hundredths to avoid float drift.
 */
export async function summarise(store: ActivityStore, caller: Caller, query: SummaryQuery): Promise<Summary> {
  assertMaySummarise(caller);
  assertDateRange(query.from, query.to);
  const plan = planQuery({ from: query.from, to: query.to });
  const groups = new Map<string, { cents: number; count: number }>();
  for await (const item of allMatching(store, plan)) {
    const key = item[query.groupBy];
    const group = groups.get(key) ?? { cents: 0, count: 0 };
    group.cents += Math.round(item.hours * 100);
    group.count += 1;
    groups.set(key, group);
  }
  const list = [...groups]
    .map(([key, { cents, count }]) => ({ key, hours: cents / 100, count }))
    .sort((a, b) => b.hours - a.hours || a.key.localeCompare(b.key));
  const totalCents = [...groups.values()].reduce((sum, group) => sum + group.cents, 0);
  return {
    groupBy: query.groupBy,
    from: query.from ?? null,
    to: query.to ?? null,
    groups: list,
    totalHours: totalCents / 100,
    totalCount: list.reduce((sum, group) => sum + group.count, 0),
  };
}

export interface CsvExport {
  csv: string;
  rows: number;
  truncated: boolean;
}

/** The records of a filter as CSV, newest first, at most MAX_EXPORT_ROWS rows. */
export async function exportCsv(store: ActivityStore, caller: Caller, filter: ActivityFilter): Promise<CsvExport> {
  assertDateRange(filter.from, filter.to);
  const plan = planQuery(scopedFilter(caller, filter));
  const rows: Activity[] = [];
  let truncated = false;
  for await (const item of allMatching(store, plan)) {
    if (rows.length === MAX_EXPORT_ROWS) {
      truncated = true;
      break;
    }
    rows.push(fromItem(item));
  }
  return { csv: toCsv(CSV_FIELDS, rows.map(csvRow)), rows: rows.length, truncated };
}
