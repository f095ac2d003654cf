import type { AuditOutcome, DecisionAuditAttributes } from '@shared/approvals/approval-audit';
import type { ChangeFacts } from './change-facts';

export type Decision = 'approve' | 'reject';

/**
 * `pending` until an approver claims the decision; `claimed` while that one
 * decision is on its way to CodePipeline; then `approved` / `rejected`, or
 * `closed` when CodePipeline refused it for good (already completed, token no
 * longer valid).
 */
export type ApprovalStatus = 'pending' | 'claimed' | 'approved' | 'rejected' | 'closed';

/** What CodePipeline's notification says about one manual approval. */
export interface ApprovalDetails {
  pipelineName: string;
  stageName: string;
  actionName: string;
  /** CodePipeline's approval token: what PutApprovalResult needs. */
  approvalToken: string;
  /** ISO 8601; CodePipeline refuses a decision after it. */
  expiresAt: string;
  customData?: string;
  externalEntityLink?: string;
  approvalReviewLink?: string;
}

/** What is being released: the source revision and the image of the execution (GetPipelineExecution). */
export interface ReleaseFacts {
  /** Commit id and message of the execution's source revision. */
  revision?: { commitId: string; message?: string };
  /** The `AMI_ID` variable of the execution. */
  amiId?: string;
  /** Who wrote and pushed the change, and where to read the commit. */
  change?: ChangeFacts;
}

/** The one record all approvers of an approval share: the decision is claimed on it. */
export interface ApprovalRecord extends ApprovalDetails, ReleaseFacts {
  pk: string;
  sk: typeof APPROVAL_SK;
  recordType: 'approval';
  /** The role of the approver directory that answers this action (its CustomData's `[role:...]`). */
  role: string;
  /** The pipeline execution waiting for this approval (from GetPipelineState), when it could be resolved. */
  pipelineExecutionId?: string;
  /** The email addresses of everyone asked (the role's people), fixed when the notification arrived. */
  approvers: string[];
  /** Approvers whose email went out (a redelivered notification skips them). */
  notified: string[];
  /** Approvers who got their one reminder. */
  reminded?: string[];
  /** Approvers who got the last warning before the approval expires. */
  warned?: string[];
  status: ApprovalStatus;
  createdAt: string;
  /** DynamoDB TTL (epoch seconds), past the CodePipeline expiry. */
  ttl: number;
  claimId?: string;
  claimedBy?: string;
  claimedAt?: string;
  decision?: Decision;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  closedReason?: string;
  closedAt?: string;
}

/** One approver's request: what that person's link opens. Keyed by the SHA-256 of the link token. */
export interface RequestRecord {
  pk: string;
  sk: typeof REQUEST_SK;
  recordType: 'request';
  /** `pk` of the shared {@link ApprovalRecord}. */
  approvalKey: string;
  approver: string;
  role: string;
  pipelineName: string;
  stageName: string;
  actionName: string;
  pipelineExecutionId?: string;
  customData?: string;
  expiresAt: string;
  createdAt: string;
  ttl: number;
}

export type { AuditOutcome };

/** One decision attempt, kept for good. Audit items alone carry `executionId` (GSI byExecution). */
export interface AuditRecord extends Omit<DecisionAuditAttributes, 'executionId' | 'outcome'> {
  /** The directory person behind `approver`, when the directory knew them at decision time. */
  approverId?: string;
  role: string;
  pk: string;
  sk: string;
  outcome: AuditOutcome;
  executionId?: string;
  /** Why a refused or closed attempt did not go through. */
  reason?: string;
  comment: string;
  sourceIp?: string;
  userAgent?: string;
  requestId?: string;
  /** What CodePipeline answered: `approvedAt`, or the error name and message. */
  codePipelineResponse?: Record<string, string>;
}

export const APPROVAL_SK = 'approval';
export const REQUEST_SK = 'request';

/** Requests and approvals stay this long after their CodePipeline expiry before DynamoDB removes them. */
export const RETENTION_AFTER_EXPIRY_SECONDS = 30 * 24 * 3600;

export const approvalKey = (approvalToken: string) => `approval#${approvalToken}`;
export const requestKey = (tokenHash: string) => `request#${tokenHash}`;
export const auditSortKey = (at: string, id: string) => `audit#${at}#${id}`;

/** The DynamoDB TTL of a request that expires at `expiresAt`. */
export function ttlFor(expiresAt: string): number {
  return Math.floor(Date.parse(expiresAt) / 1000) + RETENTION_AFTER_EXPIRY_SECONDS;
}

export function isExpired(expiresAt: string, now: Date): boolean {
  return now.getTime() >= Date.parse(expiresAt);
}
