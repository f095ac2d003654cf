import { snsHandler } from '@shared/sns/sns-messages';
import { handleApprovalMessage } from '../approvals/handle-notification';
import type { NotifyDeps } from '../approvals/notify-approvers';
import { config } from '../config';
import { approvalDeps, mailer } from '../wiring';

const storage = approvalDeps();

const deps: NotifyDeps = {
  ...storage,
  mailer: mailer(),
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
