import { type ApproverDirectory, approvalRoleOf, peopleWithRole } from '@shared/approvals/approver-directory';
import type { DirectorySource } from '@shared/approvals/directory-parameter';
import { errorMessage, errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import type { Mailer } from '@shared/mail/mailer';
import { approvalEmail, type EmailKind } from '../pages/approval-email';
import {
  APPROVAL_SK,
  type ApprovalDetails,
  type ApprovalRecord,
  approvalKey,
  isExpired,
  REQUEST_SK,
  type ReleaseFacts,
  type RequestRecord,
  requestKey,
  ttlFor,
} from './approval';
import type { ApprovalStore } from './approval-store';
import type { ChangeFacts } from './change-facts';
import type { PipelineGateway } from './code-pipeline';
import { hashLinkToken, newLinkToken } from './link-token';

export interface NotifyDeps {
  store: ApprovalStore;
  pipeline: PipelineGateway;
  mailer: Mailer;
  /** The approver directory (SSM, cached): the action's role says whom to ask. */
  directory: DirectorySource;
  /** Base of the links in the emails, without a trailing slash. */
  publicBaseUrl: string;
  newToken?: () => string;
  /** Who wrote and pushed the change the execution releases (absent: not looked up). */
  change?: (
    execution: { pipelineName: string; executionId: string },
    directory: ApproverDirectory,
  ) => Promise<ChangeFacts>;
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

/** The commit and AMI the waiting execution releases; none (logged) when GetPipelineExecution cannot tell. */
async function releaseFacts(
  pipeline: PipelineGateway,
  details: ApprovalDetails,
  executionId?: string,
): Promise<ReleaseFacts> {
  if (executionId === undefined) return {};
  try {
    const { revision, amiId } = await pipeline.execution(details.pipelineName, executionId);
    return { ...(revision ? { revision } : {}), ...(amiId ? { amiId } : {}) };
  } catch (error) {
    logger.warn('GetPipelineExecution failed; the email shows no revision', {
      ...names(details),
      errorName: errorName(error),
    });
    return {};
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
  asked: { role: string; approvers: string[]; directory: ApproverDirectory },
  now: Date,
): Promise<ApprovalRecord> {
  const key = approvalKey(details.approvalToken);
  const existing = await deps.store.getApproval(key);
  if (existing !== undefined) return existing;
  const pipelineExecutionId = await resolveExecutionId(deps.pipeline, details);
  const change =
    pipelineExecutionId === undefined || deps.change === undefined
      ? undefined
      : await deps.change({ pipelineName: details.pipelineName, executionId: pipelineExecutionId }, asked.directory);
  const record: ApprovalRecord = {
    ...details,
    ...(await releaseFacts(deps.pipeline, details, pipelineExecutionId)),
    ...(change === undefined ? {} : { change }),
    pk: key,
    sk: APPROVAL_SK,
    recordType: 'approval',
    role: asked.role,
    pipelineExecutionId,
    approvers: asked.approvers,
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
    role: approval.role,
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
 * Asks the people of the role the approval action names (`[role:qc]` at the
 * start of its CustomData) and nobody else: one request per person — a fresh
 * 256-bit token each, only its hash stored — and each their own link.
 * Idempotent per approver: a redelivered notification (SNS delivers at least
 * once, failed batches are retried) mails only the approvers not reached yet.
 * An action that names no role, or a role nobody has, asks nobody.
 */
export async function notifyApprovers(deps: NotifyDeps, details: ApprovalDetails, now: Date): Promise<NotifyResult> {
  if (isExpired(details.expiresAt, now)) return { status: 'skipped', reason: 'the approval has already expired' };
  const role = approvalRoleOf(details.customData);
  if (role === undefined) {
    logger.error('Approval action names no role; nobody is asked', names(details));
    return { status: 'skipped', reason: 'the approval names no role ([role:<role>] at the start of its CustomData)' };
  }
  const directory = await deps.directory();
  const people = peopleWithRole(directory, role);
  if (people.length === 0) {
    logger.error('Nobody in the approver directory has the role this approval asks for', { ...names(details), role });
    return { status: 'skipped', reason: `nobody in the approver directory has role ${role}` };
  }
  const approval = await findOrCreateApproval(
    deps,
    details,
    { role, approvers: people.map((person) => person.email), directory },
    now,
  );
  if (approval.status !== 'pending') return { status: 'skipped', reason: `the approval is ${approval.status}` };

  const sent: string[] = [];
  for (const approver of approval.approvers.filter((address) => !approval.notified.includes(address))) {
    await mailNewLink(deps, approval, approver, now, 'request');
    sent.push(approver);
  }
  return { status: 'sent', sent };
}

/** What mailing a personal link needs. */
export type LinkMailDeps = Pick<NotifyDeps, 'store' | 'mailer' | 'publicBaseUrl' | 'newToken'>;

const MAILED_LIST = { request: 'notified', reminder: 'reminded', 'last-warning': 'warned' } as const;

/**
 * Mails `approver` a link of their own — a fresh 256-bit token, only its hash
 * stored — and remembers it went out, so a retry does not send it twice.
 */
export async function mailNewLink(
  deps: LinkMailDeps,
  approval: ApprovalRecord,
  approver: string,
  now: Date,
  kind: EmailKind,
): Promise<void> {
  const token = (deps.newToken ?? newLinkToken)();
  await deps.store.putRequest(requestFor(approval, approver, hashLinkToken(token), now));
  await deps.mailer.send(approvalEmail(approval, approver, `${deps.publicBaseUrl}/approvals/${token}`, kind));
  await deps.store.markNotified(approval.pk, approver, MAILED_LIST[kind]);
}
