import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { errorMessage, errorName } from '../errors';
import { lambdaHandler } from '../lambda-handler';
import { logger } from '../logger';

/**
 * Thrown by a message handler for a message it can never process (wrong
 * shape, missing field). The record is logged and dropped; retrying it
 * could not succeed.
 */
export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

/** Thrown after every record was tried when at least one failed in a way a retry may fix. */
export class SnsBatchError extends Error {
  override name = 'SnsBatchError';
}

export interface SnsBatchResult {
  processed: number;
  dropped: number;
}

type Outcome = 'processed' | 'dropped' | 'failed';

async function processRecord(
  record: SNSEventRecord,
  handle: (message: unknown, record: SNSEventRecord) => Promise<void>,
): Promise<Outcome> {
  const messageId = record.Sns?.MessageId;
  let message: unknown;
  try {
    message = JSON.parse(record.Sns.Message);
  } catch {
    logger.warn('Dropping SNS record: Message is not JSON', { messageId });
    return 'dropped';
  }
  try {
    await handle(message, record);
    return 'processed';
  } catch (error) {
    if (error instanceof MalformedMessageError) {
      logger.warn('Dropping malformed SNS message', { messageId, problem: error.message });
      return 'dropped';
    }
    logger.error('SNS message failed', { messageId, errorName: errorName(error), error: errorMessage(error) });
    return 'failed';
  }
}

/**
 * Processes each record of an SNS event on its own: one record's failure
 * never stops the others. A record whose Message is not JSON, or whose
 * handler throws {@link MalformedMessageError}, is logged and dropped.
 * Any other failure is logged and, once every record has been tried, one
 * {@link SnsBatchError} is thrown so Lambda's bounded asynchronous retry runs
 * the invocation again — so `handle` must be idempotent.
 */
export async function forEachSnsMessage(
  event: SNSEvent,
  handle: (message: unknown, record: SNSEventRecord) => Promise<void>,
): Promise<SnsBatchResult> {
  const result = { processed: 0, dropped: 0, failed: 0 };
  for (const record of event.Records ?? []) {
    result[await processRecord(record, handle)] += 1;
  }
  if (result.failed > 0) {
    throw new SnsBatchError(
      `${result.failed} of ${event.Records.length} SNS record(s) failed; the invocation is retried`,
    );
  }
  return { processed: result.processed, dropped: result.dropped };
}

/**
 * The Lambda handler of an SNS subscription: {@link forEachSnsMessage} over the event, with the
 * invocation's request id on every log line.
 */
export function snsHandler(handle: (message: unknown, record: SNSEventRecord) => Promise<void>) {
  return lambdaHandler((event: SNSEvent) => forEachSnsMessage(event, handle));
}
