import { errorMessage, errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import { approvalEmail } from '../pages/approval-email';
import {
  APPROVAL_SK,
  type ApprovalDetails,
  type ApprovalRecord,
  approvalKey,
  isExpired,
  REQUEST_SK,
  type RequestRecord,
  requestKey,
  ttlFor,
} from './approval';
import type { ApprovalStore } from './approval-store';
import type { ApproverDirectory } from './approvers';
import type { PipelineGateway } from './code-pipeline';
import { hashLinkToken, newLinkToken } from './link-token';
import type { Mailer } from './mailer';

export interface NotifyDeps {
  store: ApprovalStore;
  pipeline: PipelineGateway;
  mailer: Mailer;
  directory: ApproverDirectory;
  /** Base of the links in the emails, without a trailing slash. */
  publicBaseUrl: string;
  newToken?: () => string;
}

export type NotifyResult = { status: 'sent'; sent: string[] } | { status: 'skipped'; reason: string };

/** The execution waiting at this approval; undefined (logged) when GetPipelineState cannot tell. */
async function resolveExecutionId(pipeline: PipelineGateway, details: ApprovalDetails): Promise<string | undefined> {
  try {
    const { executionId } = await pipeline.approvalState(details);
    if (executionId === undefined) logger.warn('Approval token not found in the pipeline state', { ...names(details) });
    return executionId;
  } catch (error) {
    logger.warn('GetPipelineState failed; the execution id is resolved again at decision time', {
      ...names(details),
      errorName: errorName(error),
      error: errorMessage(error),
    });
    return undefined;
  }
}

const names = (details: ApprovalDetails) => ({
  pipelineName: details.pipelineName,
  stageName: details.stageName,
  actionName: details.actionName,
});

/** The approval record for these details: the existing one when the notification is a redelivery. */
async function findOrCreateApproval(
  deps: NotifyDeps,
  details: ApprovalDetails,
  approvers: string[],
  now: Date,
): Promise<ApprovalRecord> {
  const key = approvalKey(details.approvalToken);
  const existing = await deps.store.getApproval(key);
  if (existing !== undefined) return existing;
  const record: ApprovalRecord = {
    ...details,
    pk: key,
    sk: APPROVAL_SK,
    recordType: 'approval',
    pipelineExecutionId: await resolveExecutionId(deps.pipeline, details),
    approvers,
    notified: [],
    status: 'pending',
    createdAt: now.toISOString(),
    ttl: ttlFor(details.expiresAt),
  };
  if (await deps.store.createApproval(record)) return record;
  // Another delivery of the same notification created it a moment ago.
  return (await deps.store.getApproval(key)) ?? record;
}

/** The request bound to one approver, keyed by the hash of their link token. */
export function requestFor(approval: ApprovalRecord, approver: string, tokenHash: string, now: Date): RequestRecord {
  return {
    pk: requestKey(tokenHash),
    sk: REQUEST_SK,
    recordType: 'request',
    approvalKey: approval.pk,
    approver,
    pipelineName: approval.pipelineName,
    stageName: approval.stageName,
    actionName: approval.actionName,
    pipelineExecutionId: approval.pipelineExecutionId,
    customData: approval.customData,
    expiresAt: approval.expiresAt,
    createdAt: now.toISOString(),
    ttl: approval.ttl,
  };
}

/**
 * Creates one request per approver — a fresh 256-bit token each, only its
 * hash stored — and emails each their own link. Idempotent per approver: a
 * redelivered notification (SNS delivers at least once, failed batches are
 * retried) mails only the approvers not reached yet.
 */
export async function notifyApprovers(deps: NotifyDeps, details: ApprovalDetails, now: Date): Promise<NotifyResult> {
  if (isExpired(details.expiresAt, now)) return { status: 'skipped', reason: 'the approval has already expired' };
  const configured = deps.directory.approversFor(details.pipelineName);
  if (configured.length === 0) return { status: 'skipped', reason: 'no approvers are configured for this pipeline' };
  const approval = await findOrCreateApproval(deps, details, configured, now);
  if (approval.status !== 'pending') return { status: 'skipped', reason: `the approval is ${approval.status}` };

  const sent: string[] = [];
  for (const approver of approval.approvers.filter((address) => !approval.notified.includes(address))) {
    const token = (deps.newToken ?? newLinkToken)();
    await deps.store.putRequest(requestFor(approval, approver, hashLinkToken(token), now));
    await deps.mailer.send(approvalEmail(approval, approver, `${deps.publicBaseUrl}/approvals/${token}`));
    await deps.store.markNotified(approval.pk, approver);
    sent.push(approver);
  }
  return { status: 'sent', sent };
}
