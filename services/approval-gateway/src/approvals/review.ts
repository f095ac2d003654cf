import { type ApprovalRecord, isExpired, type RequestRecord } from './approval';
import type { ApprovalStore } from './approval-store';
import {
  AlreadyDecidedError,
  DecisionInProgressError,
  type Refusal,
  RequestClosedError,
  RequestExpiredError,
  RequestNotFoundError,
} from './errors';
import { hashLinkToken, isLinkToken } from './link-token';

/** One approver's request and the approval it belongs to. */
export interface Review {
  request: RequestRecord;
  approval: ApprovalRecord;
}

/**
 * A claim older than this is taken to be abandoned (its function died between
 * claiming and answering) and may be claimed again. Far above the function
 * timeout, so a live claim is never taken over.
 */
export const CLAIM_LEASE_MS = 60_000;

/** Why `approval` cannot be decided now, or undefined when it can. */
export function refusalFor(approval: ApprovalRecord, now: Date): Refusal | undefined {
  const { status } = approval;
  if ((status === 'approved' || status === 'rejected') && approval.decision && approval.decidedBy) {
    return new AlreadyDecidedError(approval.decision, approval.decidedBy, approval.decidedAt ?? '');
  }
  if (status === 'closed') return new RequestClosedError(approval.closedReason ?? 'closed', approval.closedAt ?? '');
  if (isExpired(approval.expiresAt, now)) return new RequestExpiredError(approval.expiresAt);
  if (status === 'claimed' && isLiveClaim(approval, now)) return new DecisionInProgressError(approval.claimedBy ?? '');
  return undefined;
}

function isLiveClaim(approval: ApprovalRecord, now: Date): boolean {
  return approval.claimedAt !== undefined && now.getTime() - Date.parse(approval.claimedAt) < CLAIM_LEASE_MS;
}

/**
 * Finds the request a link token opens, reading only: 404 for anything that
 * is not a live token (malformed, unknown, tampered). Consistent reads, so a
 * decision made a moment ago is seen.
 */
export async function findReview(store: ApprovalStore, token: string | undefined): Promise<Review> {
  if (!isLinkToken(token)) throw new RequestNotFoundError();
  const request = await store.getRequest(hashLinkToken(token));
  if (request === undefined) throw new RequestNotFoundError();
  const approval = await store.getApproval(request.approvalKey);
  if (approval === undefined) throw new RequestNotFoundError();
  return { request, approval };
}

/** The review page's data: throws the refusal (409, 410) when the approval can no longer be decided. */
export async function openReview(store: ApprovalStore, token: string | undefined, now: Date): Promise<Review> {
  const review = await findReview(store, token);
  const refusal = refusalFor(review.approval, now);
  if (refusal) throw refusal;
  return review;
}
