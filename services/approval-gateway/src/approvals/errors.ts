import type { Decision } from './approval';
import type { Review } from './review';

/**
 * Errors of the approval rules: each carries what its page shows. They know nothing of HTTP;
 * the page handlers answer each with a status (src/handlers/page-handler.ts).
 */
export abstract class ApprovalError extends Error {}

/** Unknown, mistyped or tampered link token. Says nothing about whether anything exists. */
export class RequestNotFoundError extends ApprovalError {
  override name = 'RequestNotFoundError';
  constructor() {
    super('This approval link is not valid. Open the whole link from the email again.');
  }
}

export class RequestExpiredError extends ApprovalError {
  override name = 'RequestExpiredError';
  readonly reason = 'expired';
  constructor(readonly expiresAt: string) {
    super('This approval request has expired: CodePipeline no longer accepts a decision.');
  }
}

export class AlreadyDecidedError extends ApprovalError {
  override name = 'AlreadyDecidedError';
  readonly reason = 'already-decided';
  constructor(
    readonly decision: Decision,
    readonly decidedBy: string,
    readonly decidedAt: string,
  ) {
    super(`This approval was already ${decision === 'approve' ? 'approved' : 'rejected'}.`);
  }
}

export class DecisionInProgressError extends ApprovalError {
  override name = 'DecisionInProgressError';
  readonly reason = 'decision-in-progress';
  constructor(readonly claimedBy: string) {
    super('Another decision on this approval is being sent to CodePipeline right now.');
  }
}

/** CodePipeline refused the decision for good; the request is closed with its reason. */
export class RequestClosedError extends ApprovalError {
  override name = 'RequestClosedError';
  readonly reason = 'closed';
  constructor(
    readonly closedReason: string,
    readonly closedAt: string,
  ) {
    super('This approval request is closed.');
  }
}

/** The approver no longer has the role the approval asks for (the directory changed since the email). */
export class NotAuthorisedError extends ApprovalError {
  override name = 'NotAuthorisedError';
  readonly reason = 'not-authorised';
  constructor(
    readonly approver: string,
    readonly role: string,
  ) {
    super(`${approver} may not answer this approval: it asks for role ${role}.`);
  }
}

/** The approver wrote or pushed the change being released: nobody approves their own change. */
export class OwnChangeError extends ApprovalError {
  override name = 'OwnChangeError';
  readonly reason = 'own-change';
  constructor(readonly approver: string) {
    super(`${approver} wrote or pushed the change this approval releases, and may not approve it.`);
  }
}

/** The pipeline execution waiting at this approval was superseded or stopped: a decision would release nothing. */
export class ExecutionEndedError extends ApprovalError {
  override name = 'ExecutionEndedError';
  readonly reason = 'execution-ended';
  constructor(readonly executionStatus: string) {
    super(`The pipeline run this approval belongs to is ${executionStatus.toLowerCase()}: nothing was decided.`);
  }
}

/** CodePipeline could not be reached; the claim was released, so the approver can try again. */
export class CodePipelineUnavailableError extends ApprovalError {
  override name = 'CodePipelineUnavailableError';
  /** For the page only; not enumerable, so a logged error never carries the approval token it holds. */
  declare readonly review: Review;
  constructor(review: Review) {
    super('CodePipeline could not be reached, so your decision was not recorded. Please try again in a moment.');
    Object.defineProperty(this, 'review', { value: review, enumerable: false });
  }
}

/** The decision form was not filled in as expected. */
export class InvalidDecisionError extends ApprovalError {
  override name = 'InvalidDecisionError';
  constructor(
    readonly fields: string[],
    readonly review?: Review,
  ) {
    super('The form was not filled in correctly.');
  }
}

/** Refusals a decision attempt can meet before CodePipeline is called. */
export type Refusal =
  | RequestExpiredError
  | AlreadyDecidedError
  | DecisionInProgressError
  | RequestClosedError
  | NotAuthorisedError
  | OwnChangeError
  | ExecutionEndedError;
