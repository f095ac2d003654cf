import type { Decision } from './approval';
import type { Review } from './review';

/**
 * Errors that end a request with a page. Each carries its HTTP status and what
 * its page shows; `expose` lets the shared HTML error handler show a 5xx too.
 */
abstract class ApprovalPageError extends Error {
  abstract readonly statusCode: number;
  readonly expose = true;
}

/** Unknown, mistyped or tampered link token. Says nothing about whether anything exists. */
export class RequestNotFoundError extends ApprovalPageError {
  override name = 'RequestNotFoundError';
  readonly statusCode = 404;
  constructor() {
    super('This approval link is not valid. Open the whole link from the email again.');
  }
}

export class RequestExpiredError extends ApprovalPageError {
  override name = 'RequestExpiredError';
  readonly statusCode = 410;
  readonly reason = 'expired';
  constructor(readonly expiresAt: string) {
    super('This approval request has expired: CodePipeline no longer accepts a decision.');
  }
}

export class AlreadyDecidedError extends ApprovalPageError {
  override name = 'AlreadyDecidedError';
  readonly statusCode = 409;
  readonly reason = 'already-decided';
  constructor(
    readonly decision: Decision,
    readonly decidedBy: string,
    readonly decidedAt: string,
  ) {
    super(`This approval was already ${decision === 'approve' ? 'approved' : 'rejected'}.`);
  }
}

export class DecisionInProgressError extends ApprovalPageError {
  override name = 'DecisionInProgressError';
  readonly statusCode = 409;
  readonly reason = 'decision-in-progress';
  constructor(readonly claimedBy: string) {
    super('Another decision on this approval is being sent to CodePipeline right now.');
  }
}

/** CodePipeline refused the decision for good; the request is closed with its reason. */
export class RequestClosedError extends ApprovalPageError {
  override name = 'RequestClosedError';
  readonly statusCode = 409;
  readonly reason = 'closed';
  constructor(
    readonly closedReason: string,
    readonly closedAt: string,
  ) {
    super('This approval request is closed.');
  }
}

/** The approver no longer has the role the approval asks for (the directory changed since the email). */
export class NotAuthorisedError extends ApprovalPageError {
  override name = 'NotAuthorisedError';
  readonly statusCode = 403;
  readonly reason = 'not-authorised';
  constructor(
    readonly approver: string,
    readonly role: string,
  ) {
    super(`${approver} may not answer this approval: it asks for role ${role}.`);
  }
}

/** The pipeline execution waiting at this approval was superseded or stopped: a decision would release nothing. */
export class ExecutionEndedError extends ApprovalPageError {
  override name = 'ExecutionEndedError';
  readonly statusCode = 409;
  readonly reason = 'execution-ended';
  constructor(readonly executionStatus: string) {
    super(`The pipeline run this approval belongs to is ${executionStatus.toLowerCase()}: nothing was decided.`);
  }
}

/** CodePipeline could not be reached; the claim was released, so the approver can try again. */
export class CodePipelineUnavailableError extends ApprovalPageError {
  override name = 'CodePipelineUnavailableError';
  readonly statusCode = 503;
  /** For the page only; not enumerable, so a logged error never carries the approval token it holds. */
  declare readonly review: Review;
  constructor(review: Review) {
    super('CodePipeline could not be reached, so your decision was not recorded. Please try again in a moment.');
    Object.defineProperty(this, 'review', { value: review, enumerable: false });
  }
}

/** The decision form was not filled in as expected. */
export class InvalidDecisionError extends ApprovalPageError {
  override name = 'InvalidDecisionError';
  readonly statusCode = 400;
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
  | ExecutionEndedError;
