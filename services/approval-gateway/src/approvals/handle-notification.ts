import { logger } from '@shared/logger';
import { MalformedMessageError } from '@shared/sns/sns-messages';
import { parseApprovalNotification } from './notification';
import { type NotifyDeps, type NotifyResult, notifyApprovers } from './notify-approvers';

/**
 * One SNS message from CodePipeline: emails every approver their link. A
 * malformed message throws {@link MalformedMessageError}, so it is logged and
 * dropped without any email; any other failure may be retried, which is safe
 * because {@link notifyApprovers} is idempotent per approver.
 */
export async function handleApprovalMessage(deps: NotifyDeps, message: unknown, now: Date): Promise<NotifyResult> {
  const parsed = parseApprovalNotification(message);
  if (!parsed.ok) throw new MalformedMessageError(parsed.problems.join('; '));
  const { pipelineName, stageName, actionName } = parsed.details;
  const result = await notifyApprovers(deps, parsed.details, now);
  logger.info('Approval notification handled', { pipelineName, stageName, actionName, ...result });
  return result;
}
