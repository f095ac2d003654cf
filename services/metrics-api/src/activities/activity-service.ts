import { randomUUID } from 'node:crypto';
import type { ActivityFilter, ActivityInput, SummaryQuery } from '@shared/activities/activity.schema';
import type { Caller } from '@shared/auth/caller';
import { assertWeekOpen, type WeekStateReader } from '../weeks/week-lock';
import { asPerson, assertMaySummarise, assertMayUse, ownerFor, scopedFilter } from './access';
import { type Activity, type ActivityItem, CSV_FIELDS, csvRow, fromItem, toItem } from './activity';
import type { ActivityStore } from './activity-store';
import { assertActivityRules, assertDateRange } from './assert-rules';
import { toCsv } from './csv';
import { ActivityNotFoundError, IdempotencyConflictError } from './errors';
import { idForKey, requestHash } from './idempotency';
import { decodeCursor, encodeCursor, planQuery, type QueryPlan, type StartKey, startKeyAfter } from './query-plan';

/** Query pages read for one list request before it returns what it has (bounds latency on sparse filters). */
const MAX_PAGES_PER_LIST = 20;
/** Rows in one CSV export; beyond this the export is cut and says so. */
export const MAX_EXPORT_ROWS = 10_000;
const FILTERED_PAGE_SIZE = 100;

export interface CreateResult {
  created: boolean;
  activity: Activity;
}

/** Records the activity for the caller, or (a manager) for the person in `onBehalfOf`. */
export async function createActivity(
  store: ActivityStore,
  caller: Caller,
  input: ActivityInput,
  options: { now: Date; idempotencyKey?: string; weeks: WeekStateReader },
): Promise<CreateResult> {
  const owner = ownerFor(caller, input.onBehalfOf);
  assertActivityRules(input, options.now);
  await assertWeekOpen(options.weeks, owner.id, input.date);
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
  if (await store.insert(toItem(activity, hash))) return { created: true, activity };

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
 * a change by anyone but the owner is recorded in `updatedBy`.
 */
export async function replaceActivity(
  store: ActivityStore,
  caller: Caller,
  id: string,
  input: ActivityInput,
  now: Date,
  weeks: WeekStateReader,
): Promise<Activity> {
  const current = await existing(store, id);
  assertMayUse(caller, current, 'change');
  assertActivityRules(input, now);
  const { onBehalfOf, ...fields } = input;
  const owner =
    onBehalfOf === undefined ? { id: current.engineerId, name: current.engineer } : ownerFor(caller, onBehalfOf);
  // Neither the week the record leaves nor the week it moves to may be locked.
  await assertWeekOpen(weeks, current.engineerId, current.date);
  await assertWeekOpen(weeks, owner.id, input.date);
  const activity: Activity = {
    id,
    ...(owner.id === undefined ? {} : { engineerId: owner.id }),
    engineer: owner.name,
    ...fields,
    ...(current.recordedBy === undefined ? {} : { recordedBy: current.recordedBy }),
    ...(owner.id === caller.id ? {} : { updatedBy: asPerson(caller) }),
    createdAt: current.createdAt,
    updatedAt: now.toISOString(),
  };
  if (!(await store.replace(toItem(activity, current.requestHash)))) throw new ActivityNotFoundError(id);
  return activity;
}

export async function deleteActivity(
  store: ActivityStore,
  caller: Caller,
  id: string,
  weeks: WeekStateReader,
): Promise<void> {
  const current = await existing(store, id);
  assertMayUse(caller, fromItem(current), 'delete');
  await assertWeekOpen(weeks, current.engineerId, current.date);
  if (!(await store.remove(id))) throw new ActivityNotFoundError(id);
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

export interface SummaryGroup {
  key: string;
  hours: number;
  count: number;
}

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
