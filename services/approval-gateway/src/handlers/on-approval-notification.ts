import { snsHandler } from '@shared/sns/sns-messages';
import { handleApprovalMessage } from '../approvals/handle-notification';
import { sesMailer } from '../approvals/mailer';
import type { NotifyDeps } from '../approvals/notify-approvers';
import { sesClient } from '../clients/ses';
import { config, mailConfig } from '../config';
import { decisionDeps } from '../wiring';

const storage = decisionDeps();

const deps: NotifyDeps = {
  ...storage,
  mailer: sesMailer(sesClient, mailConfig().senderEmail),
  publicBaseUrl: config.publicBaseUrl,
};

/**
 * CodePipeline's approval topic → one email per approver. Each record is
 * handled on its own; a malformed one is dropped, and a failed one makes the
 * invocation fail once all were tried, so Lambda retries it (at most twice).
 */
export const handler = snsHandler(async (message) => {
  await handleApprovalMessage(deps, message, new Date());
});
