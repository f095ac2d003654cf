import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { errorName } from '@shared/errors';
import type { ActivityItem } from './activity';
import { INDEXES, type QueryPlan, type StartKey } from './query-plan';

export interface QueryPage {
  items: ActivityItem[];
  lastKey?: StartKey;
}

/** Storage the activity logic needs; DynamoDB in production, anything in unit tests. */
export interface ActivityStore {
  /** Writes a new item; false when an item with that id already exists. */
  insert(item: ActivityItem): Promise<boolean>;
  get(id: string): Promise<ActivityItem | undefined>;
  /** Replaces an existing item; false when there is none. */
  replace(item: ActivityItem): Promise<boolean>;
  /** Deletes an item; false when there was none. */
  remove(id: string): Promise<boolean>;
  query(plan: QueryPlan, options: { startKey?: StartKey; limit: number }): Promise<QueryPage>;
}

/** Runs a conditional write: false when its condition failed, any other error rethrown. */
async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (errorName(error) === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Builds the Query for a plan: key condition on the index, leftover equalities as a filter. */
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
  const filterParts = Object.entries(plan.filters).map(([field, value]) => {
    names[`#f_${field}`] = field;
    values[`:f_${field}`] = value;
    return `#f_${field} = :f_${field}`;
  });
  return {
    TableName: table,
    IndexName: plan.index,
    KeyConditionExpression: keyCondition,
    ...(filterParts.length > 0 ? { FilterExpression: filterParts.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
    Limit: limit,
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
}

export function dynamoActivityStore(client: DynamoDBDocumentClient, table: string): ActivityStore {
  return {
    insert: (item) =>
      conditionHeld(() =>
        client.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(id)' })),
      ),
    async get(id) {
      const result = await client.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
      return result.Item as ActivityItem | undefined;
    },
    replace: (item) =>
      conditionHeld(() =>
        client.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_exists(id)' })),
      ),
    remove: (id) =>
      conditionHeld(() =>
        client.send(new DeleteCommand({ TableName: table, Key: { id }, ConditionExpression: 'attribute_exists(id)' })),
      ),
    async query(plan, { startKey, limit }) {
      const result = await client.send(new QueryCommand(queryInput(table, plan, startKey, limit)));
      return {
        items: (result.Items ?? []) as ActivityItem[],
        lastKey: result.LastEvaluatedKey as StartKey | undefined,
      };
    },
  };
}
