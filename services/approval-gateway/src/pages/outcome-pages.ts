import type { PageError } from '@shared/http/html-handler';
import type { ApprovalRecord, Decision } from '../approvals/approval';
import {
  AlreadyDecidedError,
  CodePipelineUnavailableError,
  DecisionInProgressError,
  ExecutionEndedError,
  InvalidDecisionError,
  NotAuthorisedError,
  OwnChangeError,
  RequestClosedError,
  RequestExpiredError,
  RequestNotFoundError,
} from '../approvals/errors';
import { formatTime, type Html, html } from './html';
import { layout } from './layout';
import { approvalFacts, reviewPage } from './review-page';

const past = (decision: Decision) => (decision === 'approve' ? 'approved' : 'rejected');

/** Human words for the reason a request was closed (CodePipeline's error names). */
export function closedReasonText(reason: string): string {
  switch (reason) {
    case 'ApprovalAlreadyCompletedException':
      return 'CodePipeline reports that this approval was already completed (for example in the AWS console).';
    case 'InvalidApprovalTokenException':
      return 'CodePipeline no longer accepts a decision for this approval (the pipeline run was stopped, superseded or retried).';
    default:
      return `CodePipeline refused the decision (${reason}).`;
  }
}

/** The page after a decision went through. */
export function decisionRecordedPage(approval: ApprovalRecord, decision: Decision, decidedAt: string): string {
  return layout(
    `${past(decision)}`,
    html`<h1>You ${past(decision)} ${approval.pipelineName} / ${approval.stageName}</h1>
<p>CodePipeline has your decision (${formatTime(decidedAt)}). You can close this page.</p>
${approvalFacts(approval)}`,
  );
}

function simplePage(title: string, content: Html): string {
  return layout(title, html`<h1>${title}</h1>${content}`);
}

function refusalContent(error: unknown): string | undefined {
  if (error instanceof AlreadyDecidedError) {
    return simplePage(
      `Already ${past(error.decision)}`,
      html`<p>This approval was ${past(error.decision)} by <strong>${error.decidedBy}</strong> on ${formatTime(error.decidedAt)}. Nothing more is needed.</p>`,
    );
  }
  if (error instanceof RequestExpiredError) {
    return simplePage(
      'Approval expired',
      html`<p>This approval expired on ${formatTime(error.expiresAt)}. CodePipeline no longer accepts a decision; ask the pipeline's owner to run it again.</p>`,
    );
  }
  if (error instanceof DecisionInProgressError) {
    return simplePage(
      'Decision in progress',
      html`<p>A decision${error.claimedBy ? html` by <strong>${error.claimedBy}</strong>` : ''} is being sent to CodePipeline right now. Reload this page in a minute to see the result.</p>`,
    );
  }
  if (error instanceof NotAuthorisedError) {
    return simplePage(
      'Not your approval',
      html`<p>This approval asks for role <strong>${error.role}</strong>, which <strong>${error.approver}</strong> does not have in the approver directory (any more). Nothing was decided.</p>`,
    );
  }
  if (error instanceof OwnChangeError) {
    return simplePage(
      'Your own change',
      html`<p><strong>${error.approver}</strong> wrote or pushed the change this approval releases, and may not approve or reject it. Nothing was decided; another approver of the role decides.</p>`,
    );
  }
  if (error instanceof ExecutionEndedError) {
    return simplePage(
      'Pipeline run no longer waiting',
      html`<p>${error.message}</p><p>The release this email was about will not be deployed by this run; a newer run asks again.</p>`,
    );
  }
  if (error instanceof RequestClosedError) {
    return simplePage(
      'Approval closed',
      html`<p>${closedReasonText(error.closedReason)}</p><p>Your decision was not recorded.</p>`,
    );
  }
  return undefined;
}

/** Every error of this service as a page; the shared HTML handler sets the status and headers. */
export function errorPage(page: PageError): string {
  const { error } = page;
  if (error instanceof CodePipelineUnavailableError) return reviewPage(error.review, error.message);
  if (error instanceof InvalidDecisionError && error.review) {
    return reviewPage(error.review, `Please choose Approve or Reject; problem with: ${error.fields.join(', ')}.`);
  }
  if (error instanceof RequestNotFoundError) return simplePage('Link not valid', html`<p>${error.message}</p>`);
  const refusal = refusalContent(error);
  if (refusal !== undefined) return refusal;
  const reference = page.requestId ? html`<p><small>Reference: ${page.requestId}</small></p>` : '';
  return simplePage(
    page.statusCode >= 500 ? 'Something went wrong' : 'Request refused',
    html`<p>${page.message}</p>${reference}`,
  );
}
