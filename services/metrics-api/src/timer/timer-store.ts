import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { errorName } from '@shared/errors';
import type { TransactItem } from '../weeks/week-gate';
import type { Timer } from './timer-view';

export type { Timer };

/** Storage of running timers; DynamoDB in production. */
export interface TimerStore {
  get(engineerId: string): Promise<Timer | undefined>;
  /** Stores the timer unless the person has one running: false when they do (one conditional write). */
  start(timer: Timer): Promise<boolean>;
  /** Removes the person's timer; false when none was running. */
  discard(engineerId: string): Promise<boolean>;
  /**
   * The removal of this very timer as an item of another transaction (the stop's record write):
   * it holds only while the stored timer is still the one that started at `startedAt`.
   */
  stopItem(timer: Timer): TransactItem;
}

async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (errorName(error) === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export function dynamoTimerStore(client: DynamoDBDocumentClient, table: string): TimerStore {
  return {
    async get(engineerId) {
      const result = await client.send(new GetCommand({ TableName: table, Key: { engineerId }, ConsistentRead: true }));
      return result.Item as Timer | undefined;
    },
    start: (timer) =>
      conditionHeld(() =>
        client.send(
          new PutCommand({ TableName: table, Item: timer, ConditionExpression: 'attribute_not_exists(engineerId)' }),
        ),
      ),
    discard: (engineerId) =>
      conditionHeld(() =>
        client.send(
          new DeleteCommand({
            TableName: table,
            Key: { engineerId },
            ConditionExpression: 'attribute_exists(engineerId)',
          }),
        ),
      ),
    stopItem: (timer) => ({
      Delete: {
        TableName: table,
        Key: { engineerId: timer.engineerId },
        ConditionExpression: '#startedAt = :startedAt',
        ExpressionAttributeNames: { '#startedAt': 'startedAt' },
        ExpressionAttributeValues: { ':startedAt': timer.startedAt },
      },
    }),
  };
}
