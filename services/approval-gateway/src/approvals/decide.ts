import { randomUUID } from 'node:crypto';
import { ACCEPTED_OUTCOME, DECISION_RECORD } from '@shared/approvals/approval-audit';
import { personByEmail, readArn } from '@shared/approvals/approver-directory';
import type { DirectorySource } from '@shared/approvals/directory-parameter';
import { errorMessage, errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import { type AuditOutcome, type AuditRecord, auditSortKey, type Decision } from './approval';
import type { ApprovalStore } from './approval-store';
import { ENDED_EXECUTION_STATES, type PipelineGateway } from './code-pipeline';
import {
  CodePipelineUnavailableError,
  DecisionInProgressError,
  ExecutionEndedError,
  NotAuthorisedError,
  OwnChangeError,
  type Refusal,
  RequestClosedError,
} from './errors';
import { CLAIM_LEASE_MS, findReview, type Review, refusalFor } from './review';
import { approvalSummary } from './summary';

/** CodePipeline errors after which no retry can succeed: the request is closed with that reason. */
const FINAL_ERRORS = new Set([
  'ApprovalAlreadyCompletedException',
  'InvalidApprovalTokenException',
  'PipelineNotFoundException',
  'StageNotFoundException',
  'ActionNotFoundException',
]);

const MAX_USER_AGENT_LENGTH = 512;

export interface DecideDeps {
  store: ApprovalStore;
  pipeline: PipelineGateway;
  /** The approver directory (SSM, cached): read again at decision time. */
  directory: DirectorySource;
  /** This function's own role name: what CodePipeline records as `lastUpdatedBy` of our decisions. */
  ownRoleName: string;
  newId?: () => string;
}

export interface DecisionInput {
  decision: Decision;
  comment: string;
}

/** Where the decision came from, for the audit trail. */
export interface DecisionOrigin {
  sourceIp?: string;
  userAgent?: string;
  requestId?: string;
}

export interface DecisionMade {
  review: Review;
  decision: Decision;
  decidedAt: string;
}

/** One decision attempt with everything its audit item needs. */
interface Attempt {
  deps: DecideDeps;
  review: Review;
  input: DecisionInput;
  origin: DecisionOrigin;
  now: Date;
  /** The directory person behind the link, once checked. */
  approverId?: string;
  /** The execution waiting at the approval: known since the notification, or read at decision time. */
  executionId?: string;
}

const newId = (deps: DecideDeps) => (deps.newId ?? randomUUID)();

async function audit(
  attempt: Attempt,
  outcome: AuditOutcome,
  extra: Pick<AuditRecord, 'reason' | 'codePipelineResponse' | 'executionId'> = {},
): Promise<void> {
  const { review, input, origin, now, deps } = attempt;
  const { approval, request } = review;
  const decidedAt = now.toISOString();
  const record: AuditRecord = {
    pk: approval.pk,
    sk: auditSortKey(decidedAt, newId(deps)),
    recordType: DECISION_RECORD,
    outcome,
    executionId: extra.executionId ?? attempt.executionId ?? approval.pipelineExecutionId,
    pipelineName: approval.pipelineName,
    stageName: approval.stageName,
    actionName: approval.actionName,
    approver: request.approver,
    approverId: attempt.approverId,
    role: approval.role,
    decision: input.decision,
    decidedAt,
    comment: input.comment,
    sourceIp: origin.sourceIp,
    userAgent: origin.userAgent?.slice(0, MAX_USER_AGENT_LENGTH),
    requestId: origin.requestId,
    reason: extra.reason,
    codePipelineResponse: extra.codePipelineResponse,
  };
  await deps.store.putAudit(record);
}

/** Audits a refused attempt, then ends the request with the refusal's page. */
async function refuse(attempt: Attempt, refusal: Refusal): Promise<never> {
  await audit(attempt, 'refused', { reason: refusal.reason });
  throw refusal;
}

/**
 * After ApprovalAlreadyCompletedException: was it our own decision? That
 * happens when CodePipeline recorded our call but its answer was lost and the
 * SDK retried. The action then shows our token, our exact summary, and our
 * own role as `lastUpdatedBy`: a summary alone can be typed by anyone in the console.
 */
async function wasRecordedByUs(attempt: Attempt, summary: string): Promise<boolean> {
  try {
    const { execution } = await attempt.deps.pipeline.approvalState(attempt.review.approval);
    const updatedBy = execution?.lastUpdatedBy === undefined ? undefined : readArn(execution.lastUpdatedBy);
    return (
      execution?.token === attempt.review.approval.approvalToken &&
      execution.summary === summary &&
      updatedBy?.kind === 'assumed-role' &&
      updatedBy.role === attempt.deps.ownRoleName
    );
  } catch {
    return false;
  }
}

/** Closes the request (CodePipeline refused for good) or releases the claim (it may work on retry). */
async function settleFailure(attempt: Attempt, claimId: string, error: unknown): Promise<never> {
  const code = errorName(error) ?? 'Error';
  const codePipelineResponse = { error: code, message: errorMessage(error).slice(0, 1000) };
  const { store } = attempt.deps;
  const key = attempt.review.approval.pk;
  if (FINAL_ERRORS.has(code)) {
    const closedAt = attempt.now.toISOString();
    await store.settle(key, claimId, { status: 'closed', closedReason: code, closedAt });
    await audit(attempt, 'closed', { reason: code, codePipelineResponse });
    throw new RequestClosedError(code, closedAt);
  }
  await store.release(key, claimId);
  await audit(attempt, 'failed', { reason: 'codepipeline-unavailable', codePipelineResponse });
  logger.warn('PutApprovalResult failed; claim released for a retry', { errorName: code, error: errorMessage(error) });
  throw new CodePipelineUnavailableError(attempt.review);
}

/** Writes the accepted decision: the audit item first (it is what the two-person rule reads), then the approval. */
async function accept(attempt: Attempt, claimId: string, approvedAt: string | undefined): Promise<DecisionMade> {
  const { review, input, now, deps } = attempt;
  const decidedAt = now.toISOString();
  await audit(attempt, ACCEPTED_OUTCOME, {
    executionId: attempt.executionId,
    codePipelineResponse: approvedAt === undefined ? {} : { approvedAt },
  });
  const settled = await deps.store.settle(review.approval.pk, claimId, {
    status: input.decision === 'approve' ? 'approved' : 'rejected',
    decision: input.decision,
    decidedBy: review.request.approver,
    decidedAt,
    comment: input.comment,
  });
  if (!settled) logger.error('Accepted decision could not be written to its approval: claim lost', { claimId });
  return { review, decision: input.decision, decidedAt };
}

/**
 * Why this approver may not decide this approval now, checked before anything
 * is claimed: the directory as it is now (not as it was when the email went
 * out) must still give them the action's role, and the execution must still
 * be waiting. A refusal is audited and ends the request with its page.
 */
async function checkDecidable(attempt: Attempt): Promise<void> {
  const { deps, review } = attempt;
  const { approval, request } = review;
  const person = personByEmail(await deps.directory(), request.approver);
  // An approval stored before actions named their role has none: nobody may decide it here.
  const role = approval.role as string | undefined;
  if (role === undefined || !person?.roles.includes(role)) {
    await refuse(attempt, new NotAuthorisedError(request.approver, role ?? '(none named)'));
  }
  // The two-person rule would refuse the release anyway; refusing here keeps the other approvers' turn open.
  if (person !== undefined && approval.change?.authors.some((author) => author.id === person.id)) {
    await refuse(attempt, new OwnChangeError(request.approver));
  }
  attempt.approverId = person?.id;
  let status: string | undefined;
  try {
    attempt.executionId = approval.pipelineExecutionId ?? (await deps.pipeline.approvalState(approval)).executionId;
    if (attempt.executionId === undefined) await refuse(attempt, new ExecutionEndedError('no longer waiting'));
    else status = (await deps.pipeline.execution(approval.pipelineName, attempt.executionId)).status;
  } catch (error) {
    if (error instanceof ExecutionEndedError) throw error;
    await audit(attempt, 'failed', { reason: 'codepipeline-unavailable' });
    logger.warn('GetPipelineExecution failed; nothing was claimed', { errorName: errorName(error) });
    throw new CodePipelineUnavailableError(review);
  }
  if (status !== undefined && ENDED_EXECUTION_STATES.has(status))
    await refuse(attempt, new ExecutionEndedError(status));
}

/**
 * Decides an approval for the approver whose link `token` is. Exactly one
 * decision per approval reaches CodePipeline, however many approvers click
 * at once: the decision is first claimed with one conditional write, and
 * only the claimant calls PutApprovalResult. Every attempt is audited.
 */
export async function decide(
  deps: DecideDeps,
  token: string | undefined,
  input: DecisionInput,
  origin: DecisionOrigin,
  now: Date,
): Promise<DecisionMade> {
  const review = await findReview(deps.store, token);
  const attempt: Attempt = { deps, review, input, origin, now };
  const refusal = refusalFor(review.approval, now);
  if (refusal) return refuse(attempt, refusal);
  await checkDecidable(attempt);

  const claimId = newId(deps);
  const claimed = await deps.store.claim(review.approval.pk, {
    claimId,
    approver: review.request.approver,
    decision: input.decision,
    now,
    staleBefore: new Date(now.getTime() - CLAIM_LEASE_MS),
  });
  if (!claimed) {
    const current = await deps.store.getApproval(review.approval.pk);
    return refuse(attempt, (current && refusalFor(current, now)) ?? new DecisionInProgressError(''));
  }

  const summary = approvalSummary(input.decision, review.request.approver, input.comment);
  let approvedAt: string | undefined;
  try {
    ({ approvedAt } = await deps.pipeline.putApprovalResult(review.approval, input.decision, summary));
  } catch (error) {
    const ours = errorName(error) === 'ApprovalAlreadyCompletedException' && (await wasRecordedByUs(attempt, summary));
    if (!ours) return settleFailure(attempt, claimId, error);
  }
  return accept(attempt, claimId, approvedAt);
}
