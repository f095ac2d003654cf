import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { errorName } from '@shared/errors';
import type { WeekId } from './iso-week';
import type { WeekStateReader } from './week-gate';
import type { PlannedTransition, WeekHours, WeekRecord, WeekState } from './week-state';

/** A week item as stored: the record plus what the reminder, the pending list and the decision mail keep. */
export interface WeekItem extends WeekRecord {
  /** When the reminder for this week went out (at most one per engineer and week). */
  remindedAt?: string;
  /** Total hours of the week when it was last submitted, for the pending list. */
  submittedHours?: number;
  /** Where the decisions on the week are mailed: the engineer's address when they submitted it. */
  engineerEmail?: string;
}

/** What a submit stores besides the step: who submitted, and what. */
export interface SubmittedWeek {
  engineer: string;
  engineerEmail: string;
  submitted: { revision: number; hours: WeekHours };
}

/** Storage of week states; DynamoDB in production, anything in unit tests. */
export interface WeekStore extends WeekStateReader {
  /** The week's item; a week that only has records (no step yet) reads as open with no history. */
  get(engineerId: string, week: WeekId): Promise<WeekItem | undefined>;
  /**
   * Applies a planned step as one conditional write: only while the week is in one of `plan.from`
   * and its revision is still `revision` (no record was written since it was read). Undefined when
   * either moved (another decision won, or a write landed first): the caller looks again.
   */
  apply(
    key: { engineerId: string; week: WeekId },
    plan: PlannedTransition,
    revision: number,
    submit?: SubmittedWeek,
  ): Promise<WeekItem | undefined>;
  /** Weeks in a state, oldest week first, optionally within a range of weeks. */
  listByState(state: WeekState, range?: { from: WeekId; to: WeekId }): Promise<WeekItem[]>;
  /** Marks the week reminded; false when it already was (the reminder goes out once). */
  markReminded(engineerId: string, week: WeekId, engineer: string, at: string): Promise<boolean>;
}

async function conditionHeld<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (errorName(error) === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

/** A stored week item as the week logic reads it: no state yet is open, no history yet is none. */
function normalised(item: Record<string, unknown>): WeekItem {
  return { ...item, state: item.state ?? 'open', history: item.history ?? [] } as WeekItem;
}

/** At most this many items are read for one listing; a manager's pending list is far shorter. */
const MAX_LISTED = 1000;

export function dynamoWeekStore(client: DynamoDBDocumentClient, table: string): WeekStore {
  return {
    async get(engineerId, week) {
      const result = await client.send(
        new GetCommand({ TableName: table, Key: { engineerId, week }, ConsistentRead: true }),
      );
      return result.Item === undefined ? undefined : normalised(result.Item);
    },

    async apply({ engineerId, week }, plan, revision, submit) {
      const names: Record<string, string> = { '#state': 'state', '#history': 'history', '#updatedAt': 'updatedAt' };
      const values: Record<string, unknown> = {
        ':to': plan.to,
        ':entry': [plan.entry],
        ':empty': [],
        ':at': plan.entry.at,
      };
      const sets = [
        '#state = :to',
        '#history = list_append(if_not_exists(#history, :empty), :entry)',
        '#updatedAt = :at',
      ];
      if (submit !== undefined) {
        const fields = { ...submit, submittedHours: submit.submitted.hours.week };
        for (const [field, value] of Object.entries(fields)) {
          names[`#${field}`] = field;
          values[`:${field}`] = value;
          sets.push(`#${field} = :${field}`);
        }
      }
      const fromValues = plan.from.map((state, index) => {
        values[`:from${index}`] = state;
        return `:from${index}`;
      });
      // A week nobody touched has no item, and a week that only has records has no state: both are open.
      const stateCondition = plan.from.includes('open')
        ? `attribute_not_exists(#state) OR #state IN (${fromValues.join(', ')})`
        : `#state IN (${fromValues.join(', ')})`;
      names['#revision'] = 'revision';
      values[':revision'] = revision;
      // No record written yet: no revision attribute.
      const revisionCondition =
        revision === 0 ? 'attribute_not_exists(#revision) OR #revision = :revision' : '#revision = :revision';
      const condition = `(${stateCondition}) AND (${revisionCondition})`;
      const result = await conditionHeld(() =>
        client.send(
          new UpdateCommand({
            TableName: table,
            Key: { engineerId, week },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return result?.Attributes === undefined ? undefined : normalised(result.Attributes);
    },

    async listByState(state, range) {
      const items: WeekItem[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byState',
            KeyConditionExpression: range ? '#state = :state AND #week BETWEEN :from AND :to' : '#state = :state',
            ExpressionAttributeNames: { '#state': 'state', ...(range ? { '#week': 'week' } : {}) },
            ExpressionAttributeValues: { ':state': state, ...(range ? { ':from': range.from, ':to': range.to } : {}) },
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...((result.Items ?? []) as WeekItem[]));
        startKey = result.LastEvaluatedKey;
      } while (startKey !== undefined && items.length < MAX_LISTED);
      return items.slice(0, MAX_LISTED);
    },

    async markReminded(engineerId, week, engineer, at) {
      const result = await conditionHeld(() =>
        client.send(
          new UpdateCommand({
            TableName: table,
            Key: { engineerId, week },
            UpdateExpression:
              'SET #remindedAt = :at, #state = if_not_exists(#state, :open), #history = if_not_exists(#history, :empty), #engineer = if_not_exists(#engineer, :engineer)',
            ConditionExpression: 'attribute_not_exists(#remindedAt)',
            ExpressionAttributeNames: {
              '#remindedAt': 'remindedAt',
              '#state': 'state',
              '#history': 'history',
              '#engineer': 'engineer',
            },
            ExpressionAttributeValues: { ':at': at, ':open': 'open', ':empty': [], ':engineer': engineer },
          }),
        ),
      );
      return result !== undefined;
    },
  };
}
