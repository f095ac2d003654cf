import { errorMessage, errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import { parseApprovalNotification } from './notification';
import { type NotifyDeps, notifyApprovers } from './notify-approvers';

/** One SNS message, as the handler hands it over. */
export interface IncomingMessage {
  messageId: string;
  message: string;
}

export interface BatchOutcome {
  /** Messages handled (emails sent, or nothing left to send). */
  handled: number;
  /** Malformed messages, logged and dropped: retrying them could never succeed. */
  dropped: number;
  /** Messages that failed in a way a retry may fix (DynamoDB, SES). */
  failed: number;
}

/**
 * Handles each message on its own, so that one bad record never blocks the
 * others. A malformed message is logged and dropped without any email; a
 * failure is counted so that the caller can ask for a (bounded) retry, which
 * is safe because {@link notifyApprovers} is idempotent per approver.
 */
export async function handleNotifications(
  deps: NotifyDeps,
  messages: readonly IncomingMessage[],
  now: Date,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { handled: 0, dropped: 0, failed: 0 };
  for (const { messageId, message } of messages) {
    const parsed = parseApprovalNotification(message);
    if (!parsed.ok) {
      logger.warn('Dropping malformed approval notification', { messageId, problems: parsed.problems });
      outcome.dropped += 1;
      continue;
    }
    const { pipelineName, stageName, actionName } = parsed.details;
    try {
      const result = await notifyApprovers(deps, parsed.details, now);
      logger.info('Approval notification handled', { messageId, pipelineName, stageName, actionName, ...result });
      outcome.handled += 1;
    } catch (error) {
      logger.error('Approval notification failed', {
        messageId,
        pipelineName,
        errorName: errorName(error),
        error: errorMessage(error),
      });
      outcome.failed += 1;
    }
  }
  return outcome;
}
