import { randomUUID } from 'node:crypto';
import type { ActivityFilter, ActivityInput, SummaryQuery } from '@shared/activities/activity.schema';
import createHttpError from 'http-errors';
import { assertWeekOpen, type WeekStateReader } from '../weeks/week-lock';
import { ACTIVITY_FIELDS, type Activity, type ActivityItem, fromItem, toItem } from './activity';
import type { ActivityStore } from './activity-store';
import { assertActivityRules, assertDateRange } from './assert-rules';
import { toCsv } from './csv';
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

function notFound(id: string): createHttpError.HttpError {
  return createHttpError(404, `Activity ${id} not found`, { errors: [{ field: 'id', problem: 'does not exist' }] });
}

export async function createActivity(
  store: ActivityStore,
  input: ActivityInput,
  options: { now: Date; idempotencyKey?: string; ownerId?: string; weeks: WeekStateReader },
): Promise<CreateResult> {
  assertActivityRules(input, options.now);
  await assertWeekOpen(options.weeks, options.ownerId, input.date);
  const { idempotencyKey } = options;
  const hash = idempotencyKey === undefined ? undefined : requestHash(input);
  const timestamp = options.now.toISOString();
  const activity: Activity = {
    id: idempotencyKey === undefined ? randomUUID() : idForKey(idempotencyKey),
    ...input,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  if (await store.insert(toItem(activity, hash, options.ownerId))) return { created: true, activity };

  const existing = idempotencyKey === undefined ? undefined : await store.get(activity.id);
  if (existing === undefined || existing.requestHash !== hash) {
    throw createHttpError(409, 'Idempotency-Key was already used with a different request', {
      errors: [{ field: 'Idempotency-Key', problem: 'was already used with a different request body' }],
    });
  }
  return { created: false, activity: fromItem(existing) };
}

export async function getActivity(store: ActivityStore, id: string): Promise<Activity> {
  const item = await store.get(id);
  if (item === undefined) throw notFound(id);
  return fromItem(item);
}

export async function replaceActivity(
  store: ActivityStore,
  id: string,
  input: ActivityInput,
  now: Date,
  weeks: WeekStateReader,
): Promise<Activity> {
  assertActivityRules(input, now);
  const existing = await store.get(id);
  if (existing === undefined) throw notFound(id);
  // Neither the week the record leaves nor the week it moves to may be locked.
  await assertWeekOpen(weeks, existing.engineerId, existing.date);
  await assertWeekOpen(weeks, existing.engineerId, input.date);
  const activity: Activity = { id, ...input, createdAt: existing.createdAt, updatedAt: now.toISOString() };
  if (!(await store.replace(toItem(activity, existing.requestHash, existing.engineerId)))) throw notFound(id);
  return activity;
}

export async function deleteActivity(store: ActivityStore, id: string, weeks: WeekStateReader): Promise<void> {
  const existing = await store.get(id);
  if (existing === undefined) throw notFound(id);
  await assertWeekOpen(weeks, existing.engineerId, existing.date);
  if (!(await store.remove(id))) throw notFound(id);
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
  filter: ActivityFilter,
  page: { limit: number; cursor?: string },
): Promise<ActivityPage> {
  assertDateRange(filter.from, filter.to);
  const plan = planQuery(filter);
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

/** Total hours and record count per group, largest first. Sums in hundredths to avoid float drift. */
export async function summarise(store: ActivityStore, query: SummaryQuery): Promise<Summary> {
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
export async function exportCsv(store: ActivityStore, filter: ActivityFilter): Promise<CsvExport> {
  assertDateRange(filter.from, filter.to);
  const plan = planQuery(filter);
  const rows: Activity[] = [];
  let truncated = false;
  for await (const item of allMatching(store, plan)) {
    if (rows.length === MAX_EXPORT_ROWS) {
      truncated = true;
      break;
    }
    rows.push(fromItem(item));
  }
  return { csv: toCsv(ACTIVITY_FIELDS, rows), rows: rows.length, truncated };
}
