import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { busyError, errorName } from '@shared/errors';
import { WeekLockedError, WeekSubmittedError } from './errors';
import { type WeekId, weekOf } from './iso-week';
import type { WeekState } from './week-state';

/** One engineer's week: the key of its item in the weeks table. */
export interface WeekKey {
  engineerId: string;
  week: WeekId;
}

/** What the refusal of a write needs: one week's stored state. */
export interface WeekStateReader {
  get(engineerId: string, week: WeekId): Promise<{ state: WeekState } | undefined>;
}

/** The states in which a week's records may change: the week is still the engineer's to fill. */
export const WRITABLE_STATES = ['open', 'rejected'] as const satisfies readonly WeekState[];

/** The week a record of this owner and date belongs to; records without an owner belong to none. */
export function weekKeyOf(engineerId: string | undefined, date: string): WeekKey | undefined {
  return engineerId === undefined ? undefined : { engineerId, week: weekOf(date) };
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The item every activity write adds to its transaction for each week it touches: it counts the
 * change on the week's revision, and holds only while the week is open or rejected. A submit or a
 * decision conditions on the revision it read, so no write that began before it can land after it.
 * A week nobody touched has no item yet: the update creates it (without a state, so it stays out
 * of the state index).
 */
export function weekGate(table: string, key: WeekKey): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: { engineerId: key.engineerId, week: key.week },
      UpdateExpression: 'ADD #revision :one',
      ConditionExpression: 'attribute_not_exists(#state) OR #state IN (:open, :rejected)',
      ExpressionAttributeNames: { '#revision': 'revision', '#state': 'state' },
      ExpressionAttributeValues: { ':one': 1, ':open': 'open', ':rejected': 'rejected' },
    },
  };
}

/** The refusal of a write into a week in `state`, or undefined when the week takes writes. */
export function refusalFor(week: WeekId, state: WeekState): Error | undefined {
  if (state === 'submitted') return new WeekSubmittedError(week);
  if (state === 'approved') return new WeekLockedError(week);
  return undefined;
}

const MAX_CONFLICT_RETRIES = 4;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CancellationReason {
  Code?: string;
}

function reasonsOf(error: unknown): CancellationReason[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons : [];
}

/** What a write that kept meeting others on the same rows answers (503, Retry-After): nothing was written. */
export const BUSY_MESSAGE =
  'Other changes to the same week or totals were being saved at the same moment; nothing was saved. Send it again.';

/**
 * Runs one TransactWriteItems. Returns the indexes of the items whose condition failed (none:
 * everything was written). Transactions on the same item at the same moment (a week, a customer's
 * totals row) cancel each other with `TransactionConflict` (DynamoDB does not queue them): those
 * are retried with a short random pause, and after the last retry answered as busy (503 with
 * Retry-After), never as a server error; any other failure is thrown.
 */
export async function transactWrite(client: DynamoDBDocumentClient, items: TransactItem[]): Promise<number[]> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return [];
    } catch (error) {
      const reasons = reasonsOf(error);
      if (reasons === undefined) throw error;
      const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (failed.length > 0) return failed;
      const conflict = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflict) throw error;
      if (attempt >= MAX_CONFLICT_RETRIES) throw busyError(BUSY_MESSAGE);
      await pause(Math.random() * 25 * 2 ** attempt);
    }
  }
}
