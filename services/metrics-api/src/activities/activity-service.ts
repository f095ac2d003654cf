import { randomUUID } from 'node:crypto';
import type { ActivityFilter, ActivityInput, SummaryQuery } from '@shared/activities/activity.schema';
import type { Caller } from '@shared/auth/caller';
import { nameKey } from '@shared/catalogue/name-key';
import { byCodeUnits } from '@shared/order';
import { linkToCatalogue } from '../catalogue/activity-link';
import { type CatalogueIndex, indexEntries, matchesNames, type Recorded, resolveNames } from '../catalogue/catalogue';
import type { CatalogueReader } from '../catalogue/catalogue-store';
import { archivedProject } from '../catalogue/errors';
import { familyForSummary, selectedTotals } from '../totals/totals-query';
import type { TotalsReader } from '../totals/totals-store';
import { weekOf } from '../weeks/iso-week';
import { refusalFor, type TransactItem, type WeekStateReader } from '../weeks/week-gate';
import { asPerson, assertMayUse, ownerFor, scopedFilter } from './access';
import { type Activity, type ActivityItem, fromItem, type SummaryGroup, toItem } from './activity';
import type { ActivityStore, WriteOutcome } from './activity-store';
import { assertActivityRules, assertDateRange } from './assert-rules';
import { ActivityChangedError, ActivityNotFoundError, IdempotencyConflictError } from './errors';
import { idForKey, requestHash } from './idempotency';
import {
  decodeCursor,
  encodeCursor,
  filterTag,
  planQuery,
  type QueryPlan,
  type StartKey,
  startKeyAfter,
} from './query-plan';

/** Query pages read for one list request before it returns what it has (bounds latency on sparse filters). */
const MAX_PAGES_PER_LIST = 20;
const FILTERED_PAGE_SIZE = 100;

/** Tries of one write whose record or week moved under it before it gives up with a 409. */
const MAX_WRITE_TRIES = 3;

/**
 * What a write's outcome means: `written`, or `record` (the record is not as read). A week that
 * refused the write is answered with its refusal (409 submitted, 403 approved); a week that takes
 * writes again by the time it is read (withdrawn or reopened meanwhile) means `retry`.
 */
async function settle(
  outcome: WriteOutcome,
  weeks: WeekStateReader,
  project: string,
  alongside?: Alongside,
): Promise<'written' | 'record' | 'retry'> {
  if (outcome.written) return 'written';
  if (outcome.alongside === true && alongside !== undefined) throw alongside.refusal();
  if (outcome.record) return 'record';
  if (outcome.closedProject) throw archivedProject(project);
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
  /** The catalogue a record's customer and project are looked up in (and checked against, in the write's transaction). */
  catalogue: CatalogueReader;
}

/** The catalogue by id, for showing records with their entries' current names. */
export async function catalogueIndex(catalogue: CatalogueReader): Promise<CatalogueIndex> {
  return indexEntries(await catalogue.entries());
}

/** Another write a create holds on, in the same transaction, and what to answer when its condition fails. */
export interface Alongside {
  write: TransactItem;
  refusal: () => Error;
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
  options: WriteContext & { idempotencyKey?: string; alongside?: Alongside },
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
    ...(await linkToCatalogue(options.catalogue, fields)),
    ...(owner.id === caller.id ? {} : { recordedBy: asPerson(caller) }),
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  let settled: Awaited<ReturnType<typeof settle>> = 'retry';
  for (let tries = 0; settled === 'retry' && tries < MAX_WRITE_TRIES; tries += 1) {
    settled = await settle(
      await store.insert(toItem(activity, hash), options.alongside?.write),
      options.weeks,
      activity.project,
      options.alongside,
    );
  }
  if (settled === 'written') return { created: true, activity };
  if (settled === 'retry') throw new ActivityChangedError(activity.id);

  const existing = idempotencyKey === undefined ? undefined : await store.get(activity.id);
  if (existing === undefined || existing.requestHash !== hash) throw new IdempotencyConflictError();
  // The record as it is now: since the first request a manager may have given it to someone else.
  const current = fromItem(existing);
  assertMayUse(caller, current, 'read');
  return { created: false, activity: resolveNames(current, await catalogueIndex(options.catalogue)) };
}

async function existing(store: ActivityStore, id: string): Promise<ActivityItem> {
  const item = await store.get(id);
  if (item === undefined) throw new ActivityNotFoundError(id);
  return item;
}

export async function getActivity(
  store: ActivityStore,
  caller: Caller,
  id: string,
  catalogue: CatalogueReader,
): Promise<Activity> {
  const activity = fromItem(await existing(store, id));
  assertMayUse(caller, activity, 'read');
  return resolveNames(activity, await catalogueIndex(catalogue));
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
    const activity = changed(caller, current, input, context.now, await linkToCatalogue(context.catalogue, input));
    const outcome = await store.replace(toItem(activity, current.requestHash), current);
    if ((await settle(outcome, context.weeks, activity.project)) === 'written') return activity;
  }
  throw new ActivityChangedError(id);
}

/** The record `current` becomes with `input`. */
function changed(caller: Caller, current: ActivityItem, input: ActivityInput, now: Date, link: Recorded): Activity {
  const { onBehalfOf, ...fields } = input;
  const owner =
    onBehalfOf === undefined ? { id: current.engineerId, name: current.engineer } : ownerFor(caller, onBehalfOf);
  return {
    id: current.id,
    ...(owner.id === undefined ? {} : { engineerId: owner.id }),
    engineer: owner.name,
    ...fields,
    ...link,
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
    if ((await settle(await store.remove(current), weeks, current.project)) === 'written') return;
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
  catalogue: CatalogueReader,
): Promise<ActivityPage> {
  assertDateRange(filter.from, filter.to);
  const plan = planQuery(scopedFilter(caller, filter));
  const filtered = plan.names !== undefined;
  const index = await catalogueIndex(catalogue);
  const matching = (items: ActivityItem[]) => items.filter((item) => matches(item, index, plan));
  let startKey = page.cursor === undefined ? undefined : decodeCursor(page.cursor, plan);
  const collected: ActivityItem[] = [];
  let pages = 0;
  do {
    const wanted = page.limit + 1 - collected.length;
    const result = await store.query(plan, { startKey, limit: filtered ? FILTERED_PAGE_SIZE : wanted });
    collected.push(...matching(result.items));
    startKey = result.lastKey;
    pages += 1;
  } while (collected.length <= page.limit && startKey !== undefined && pages < MAX_PAGES_PER_LIST);

  const items = collected.slice(0, page.limit);
  const last = items.at(-1);
  let resumeAfter: StartKey | undefined;
  if (collected.length > page.limit && last) resumeAfter = startKeyAfter(plan.index, last);
  else if (startKey !== undefined) resumeAfter = startKey;
  return {
    items: items.map((item) => resolveNames(fromItem(item), index)),
    nextCursor: resumeAfter === undefined ? null : encodeCursor(plan.index, resumeAfter, filterTag(plan)),
  };
}

/** Whether a stored item passes the plan's name filters (by its recorded and its current names). */
function matches(item: ActivityItem, index: CatalogueIndex, plan: QueryPlan): boolean {
  return plan.names === undefined || matchesNames(item, resolveNames(item, index), plan.names);
}

/** Every item matching a plan, newest first, page by page (from just after `startKey` when given). */
export async function* allMatching(
  store: ActivityStore,
  plan: QueryPlan,
  index: CatalogueIndex,
  from?: StartKey,
): AsyncGenerator<ActivityItem> {
  let startKey = from;
  do {
    const result = await store.query(plan, { startKey, limit: 1000 });
    yield* result.items.filter((item) => matches(item, index, plan));
    startKey = result.lastKey;
  } while (startKey !== undefined);
}

export type { SummaryGroup };

export interface Summary {
  groupBy: SummaryQuery['groupBy'];
  thenBy: SummaryQuery['thenBy'] | null;
  from: string | null;
  to: string | null;
  groups: SummaryGroup[];
  totalHours: number;
  totalCount: number;
  /** What answered: the maintained totals, or the records (a shape totals are not kept for). */
  source: 'totals' | 'records';
}

type Dimension = SummaryQuery['groupBy'];

/** A record's (or a total's) value of a summary dimension. */
function dimensionValue(named: SummaryEntry, dimension: Dimension): string {
  if (dimension === 'month') return named.date.slice(0, 7);
  if (dimension === 'week') return weekOf(named.date);
  return named[dimension] ?? '';
}

/** Calendar dimensions sort in time order; the others largest first (by `hours`), then by name. */
const TIME_DIMENSIONS: readonly Dimension[] = ['month', 'week'];

function compareBy(dimension: Dimension, a: { value: string; hours: number }, b: { value: string; hours: number }) {
  if (TIME_DIMENSIONS.includes(dimension)) return byCodeUnits(a.value, b.value);
  return b.hours - a.hours || a.value.localeCompare(b.value);
}

/** What the summary adds up: a record (count 1) or a maintained total, under the names it shows. */
interface SummaryEntry {
  customer: string;
  project: string;
  engineer: string;
  activity?: string;
  date: string;
  cents: number;
  count: number;
}

/**
 * Total hours and record count per group (per pair of groups with `thenBy`). Grouped by name key:
 * spellings of one name are one group, shown as the first spelling met (a catalogue entry's
 * current name, for linked records). Groups of a time dimension come in time order, the others
 * largest first. Sums in hundredths to avoid float drift.
 */
function groupSummary(
  entries: Iterable<SummaryEntry>,
  groupBy: Dimension,
  thenBy: Dimension | undefined,
): { groups: SummaryGroup[]; totalCents: number } {
  const groups = new Map<string, { key: string; subKey?: string; cents: number; count: number }>();
  for (const entry of entries) {
    const key = dimensionValue(entry, groupBy);
    const subKey = thenBy === undefined ? undefined : dimensionValue(entry, thenBy);
    const id = JSON.stringify([nameKey(key), subKey === undefined ? null : nameKey(subKey)]);
    const group = groups.get(id) ?? { key, ...(subKey === undefined ? {} : { subKey }), cents: 0, count: 0 };
    group.cents += entry.cents;
    group.count += entry.count;
    groups.set(id, group);
  }
  const list = [...groups.values()]
    .filter((group) => group.count !== 0)
    .map(({ cents, ...group }) => ({ ...group, hours: cents / 100 }));
  // With two dimensions, a first-dimension group is ordered by its own total, so its rows stay together.
  const firstTotals = new Map<string, number>();
  for (const group of list) firstTotals.set(group.key, (firstTotals.get(group.key) ?? 0) + group.hours);
  list.sort(
    (a, b) =>
      compareBy(
        groupBy,
        { value: a.key, hours: firstTotals.get(a.key) ?? 0 },
        { value: b.key, hours: firstTotals.get(b.key) ?? 0 },
      ) ||
      (thenBy === undefined
        ? 0
        : compareBy(thenBy, { value: a.subKey ?? '', hours: a.hours }, { value: b.subKey ?? '', hours: b.hours })),
  );
  return { groups: list, totalCents: [...groups.values()].reduce((sum, group) => sum + group.cents, 0) };
}

/** The records a plan selects, as summary entries under the names they show. */
async function recordEntries(store: ActivityStore, plan: QueryPlan, index: CatalogueIndex): Promise<SummaryEntry[]> {
  const entries: SummaryEntry[] = [];
  for await (const item of allMatching(store, plan, index)) {
    const named = resolveNames(item, index);
    entries.push({ ...named, cents: Math.round(item.hours * 100), count: 1 });
  }
  return entries;
}

/**
 * The summary over the records the filter selects: everyone's for a manager, one's own for an
 * engineer. Answered from the maintained totals (src/totals) when given and when they are kept
 * per every dimension asked for; from the records otherwise (grouped by activity), or with
 * `source: 'records'` (the check the tests and the rebuild compare with).
 */
export async function summarise(
  store: ActivityStore,
  caller: Caller,
  query: SummaryQuery,
  catalogue: CatalogueReader,
  totals?: TotalsReader,
): Promise<Summary> {
  assertDateRange(query.from, query.to);
  const { groupBy, thenBy, source, ...filter } = query;
  const scoped = scopedFilter(caller, filter);
  const plan = planQuery(scoped);
  const index = await catalogueIndex(catalogue);
  const family =
    totals === undefined || source === 'records'
      ? undefined
      : familyForSummary(scoped, thenBy === undefined ? [groupBy] : [groupBy, thenBy]);
  const entries =
    totals === undefined || family === undefined
      ? await recordEntries(store, plan, index)
      : await selectedTotals(totals, family, plan, scoped.engineerId, index);
  const { groups, totalCents } = groupSummary(entries, groupBy, thenBy);
  return {
    groupBy,
    thenBy: thenBy ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    groups,
    totalHours: totalCents / 100,
    totalCount: groups.reduce((sum, group) => sum + group.count, 0),
    source: family === undefined ? 'records' : 'totals',
  };
}
