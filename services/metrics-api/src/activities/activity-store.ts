import { type DynamoDBDocumentClient, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { openProjectGuards } from '../catalogue/catalogue-store';
import { COUNTED_FIELDS, type Counted, totalsDelta } from '../totals/totals';
import { totalUpdate } from '../totals/totals-store';
import { type TransactItem, transactWrite, type WeekKey, weekGate, weekKeyOf } from '../weeks/week-gate';
import type { ActivityItem } from './activity';
import { INDEXES, type QueryPlan, type StartKey } from './query-plan';

export interface QueryPage {
  items: ActivityItem[];
  lastKey?: StartKey;
}

/**
 * What became of a write: written, or refused because the record is not as expected (`record`:
 * the id exists for an insert; the record is gone or was moved for a change or delete), or
 * because a week it touches takes no writes (`weeks`: the weeks whose condition failed), or
 * because the catalogue project it is written into is archived (`closedProject`).
 */
export type WriteOutcome =
  | { written: true }
  | { written: false; record: boolean; weeks: WeekKey[]; closedProject?: boolean; alongside?: boolean };

/**
 * Storage the activity logic needs; DynamoDB in production, anything in unit tests. Every write
 * is one transaction with the weeks it touches (weeks/week-gate.ts): a record lands only while
 * its week is open or rejected, and counts on the week's revision.
 */
export interface ActivityStore {
  /**
   * Writes a new item, unless one with its id exists; with `alongside`, that write too, in the same
   * transaction (a stopped timer's removal): `alongside` in the outcome when its condition failed.
   */
  insert(item: ActivityItem, alongside?: TransactItem): Promise<WriteOutcome>;
  get(id: string): Promise<ActivityItem | undefined>;
  /** Replaces `previous` with `item`, only while the stored record is still `previous`'s owner and date. */
  replace(item: ActivityItem, previous: ActivityItem): Promise<WriteOutcome>;
  /** Deletes `previous`, only while the stored record is still its owner and date. */
  remove(previous: ActivityItem): Promise<WriteOutcome>;
  query(plan: QueryPlan, options: { startKey?: StartKey; limit: number }): Promise<QueryPage>;
}

/** The weeks a write touches, each once (a change within one week touches it once). */
function weeksOf(...items: ActivityItem[]): WeekKey[] {
  const keys = new Map<string, WeekKey>();
  for (const item of items) {
    const key = weekKeyOf(item.engineerId, item.date);
    if (key !== undefined) keys.set(`${key.engineerId} ${key.week}`, key);
  }
  return [...keys.values()];
}

/**
 * A change or delete holds only while the stored record is still as it was read in everything the
 * weeks and the totals depend on (its sort key holds its date): the totals subtract what was read.
 */
export function unmoved(previous: Counted & Pick<ActivityItem, 'sortKey'>) {
  const names: Record<string, string> = { '#sortKey': 'sortKey' };
  const values: Record<string, unknown> = { ':sortKey': previous.sortKey };
  const conditions = ['#sortKey = :sortKey'];
  for (const field of COUNTED_FIELDS) {
    if (field === 'date') continue;
    names[`#${field}`] = field;
    const value = previous[field];
    if (value === undefined) {
      conditions.push(`attribute_not_exists(#${field})`);
    } else {
      values[`:${field}`] = value;
      conditions.push(`#${field} = :${field}`);
    }
  }
  return {
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Builds the Query for a plan: key condition on the index (name filters are applied to what it reads). */
export function queryInput(
  table: string,
  plan: QueryPlan,
  startKey: StartKey | undefined,
  limit: number,
): QueryCommandInput {
  const names: Record<string, string> = { '#pk': INDEXES[plan.index] };
  const values: Record<string, string> = { ':pk': plan.partitionValue };
  let keyCondition = '#pk = :pk';
  if (plan.from !== undefined && plan.to !== undefined) {
    keyCondition += ' AND #sk BETWEEN :from AND :to';
  } else if (plan.from !== undefined) {
    keyCondition += ' AND #sk >= :from';
  } else if (plan.to !== undefined) {
    keyCondition += ' AND #sk <= :to';
  }
  if (plan.from !== undefined || plan.to !== undefined) names['#sk'] = 'sortKey';
  if (plan.from !== undefined) values[':from'] = plan.from;
  // '~' sorts after every character of `date#createdAt#id`, so the whole `to` day is included.
  if (plan.to !== undefined) values[':to'] = `${plan.to}#~`;
  return {
    TableName: table,
    IndexName: plan.index,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
    Limit: limit,
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

/** The catalogue checks a record written into a catalogue project adds to its transaction. */
function guardsFor(catalogueTable: string, item: ActivityItem): TransactItem[] {
  const { customerId, projectId } = item;
  return customerId === undefined || projectId === undefined
    ? []
    : openProjectGuards(catalogueTable, { customerId, projectId });
}

/** The tables an activity write touches besides the records' own. */
export interface ActivityTables {
  weeks: string;
  catalogue: string;
  /** The maintained totals (src/totals), updated in every write's transaction. */
  totals: string;
}

export function dynamoActivityStore(
  client: DynamoDBDocumentClient,
  table: string,
  tables: ActivityTables,
): ActivityStore {
  const { weeks: weeksTable, catalogue: catalogueTable } = tables;
  /**
   * The record's own write first, then one gate per week it touches, the catalogue's checks, the
   * write a create holds on (`alongside`, e.g. a stopped timer's removal), and last the totals the
   * change moves (conditionless, at most 16 rows: 4 families x 2 grains x before and after).
   */
  async function write(
    record: TransactItem,
    weeks: WeekKey[],
    change: { before?: Counted; after?: Counted },
    guards: TransactItem[] = [],
    alongside?: TransactItem,
  ): Promise<WriteOutcome> {
    const gates = weeks.map((key) => weekGate(weeksTable, key));
    const totals = totalsDelta(change.before, change.after).map((row) => totalUpdate(tables.totals, row));
    const failed = await transactWrite(client, [
      record,
      ...gates,
      ...guards,
      ...(alongside === undefined ? [] : [alongside]),
      ...totals,
    ]);
    const alongsideAt = 1 + gates.length + guards.length;
    if (failed.length === 0) return { written: true };
    return {
      written: false,
      record: failed.includes(0),
      weeks: weeks.filter((_, index) => failed.includes(index + 1)),
      closedProject: failed.some((index) => index > gates.length && index < alongsideAt),
      ...(alongside === undefined ? {} : { alongside: failed.includes(alongsideAt) }),
    };
  }

  return {
    insert: (item, alongside) =>
      write(
        { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(id)' } },
        weeksOf(item),
        { after: item },
        guardsFor(catalogueTable, item),
        alongside,
      ),
    async get(id) {
      const result = await client.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
      return result.Item as ActivityItem | undefined;
    },
    replace: (item, previous) =>
      write(
        { Put: { TableName: table, Item: item, ...unmoved(previous) } },
        weeksOf(previous, item),
        { before: previous, after: item },
        guardsFor(catalogueTable, item),
      ),
    remove: (previous) =>
      write({ Delete: { TableName: table, Key: { id: previous.id }, ...unmoved(previous) } }, weeksOf(previous), {
        before: previous,
      }),
    async query(plan, { startKey, limit }) {
      const result = await client.send(new QueryCommand(queryInput(table, plan, startKey, limit)));
      return {
        items: (result.Items ?? []) as ActivityItem[],
        lastKey: result.LastEvaluatedKey as StartKey | undefined,
      };
    },
  };
}
