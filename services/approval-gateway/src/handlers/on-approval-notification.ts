import type { SNSEvent } from 'aws-lambda';
import { handleNotifications } from '../approvals/handle-notifications';
import { sesMailer } from '../approvals/mailer';
import { sesClient } from '../clients/ses';
import { config } from '../config';
import { deps as storage } from '../deps';
import { notificationConfig } from '../notification-config';

const deps = {
  ...storage,
  mailer: sesMailer(sesClient, notificationConfig.senderEmail),
  directory: notificationConfig.directory,
  publicBaseUrl: config.publicBaseUrl,
};

/**
 * SNS → one email per approver. Throws only when a record failed in a way a
 * retry may fix: Lambda then retries the invocation (at most twice), and the
 * records already handled send nothing again.
 */
export const handler = async (event: SNSEvent) => {
  const messages = event.Records.map((record) => ({ messageId: record.Sns.MessageId, message: record.Sns.Message }));
  const outcome = await handleNotifications(deps, messages, new Date());
  if (outcome.failed > 0) {
    throw new Error(`${outcome.failed} of ${messages.length} approval notifications failed; retrying the invocation`);
  }
  return outcome;
};
