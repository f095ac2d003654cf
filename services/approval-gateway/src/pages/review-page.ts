import type { GatewayDecision } from '@shared/approvals/approval-audit';
import { withoutRoleMarker } from '@shared/approvals/approver-directory';
import type { ApprovalRecord } from '../approvals/approval';
import { MAX_COMMENT_LENGTH } from '../approvals/approval.schema';
import { authorsText } from '../approvals/change-facts';
import type { Review } from '../approvals/review';
import { formatTime, type Html, html, webLink } from './html';
import { layout } from './layout';

/** The released commit as one line: `abc123def456 "message"`, or that it is not known. */
export function revisionText(approval: ApprovalRecord): string {
  const { revision } = approval;
  if (!revision) return 'not known (ask the pipeline owner before deciding)';
  const message = revision.message?.split('\n')[0]?.trim();
  return message ? `${revision.commitId} "${message}"` : revision.commitId;
}

/** Pipeline, stage, action, role, what is released and the rest, as a definition list (shared by the pages). */
export function approvalFacts(approval: ApprovalRecord, approver?: string): Html {
  const link = webLink(approval.externalEntityLink);
  return html`<dl>
<dt>Pipeline</dt><dd>${approval.pipelineName}</dd>
<dt>Stage</dt><dd>${approval.stageName}</dd>
<dt>Action</dt><dd>${approval.actionName}</dd>
<dt>Role asked</dt><dd class="role">${approval.role}</dd>
<dt>Source revision</dt><dd class="revision">${revisionText(approval)}${commitLinkHtml(approval)}</dd>
<dt>Change by</dt><dd class="authors">${authorsText(approval.change)}</dd>
<dt>AMI</dt><dd class="ami">${approval.amiId ?? 'not known'}</dd>
${approver === undefined ? '' : html`<dt>For</dt><dd>${approver}</dd>`}
<dt>Expires</dt><dd>${formatTime(approval.expiresAt)}</dd>
${link === undefined ? '' : html`<dt>Review</dt><dd><a href="${link}" rel="noopener noreferrer">${link}</a></dd>`}
</dl>
${approval.customData ? html`<p class="custom-data">${withoutRoleMarker(approval.customData)}</p>` : ''}`;
}

function commitLinkHtml(approval: ApprovalRecord): Html | string {
  const link = webLink(approval.change?.commitLink);
  return link === undefined
    ? ''
    : html` <a class="commit-link" href="${link}" rel="noopener noreferrer">view the commit</a>`;
}

/** The decisions already taken in this pipeline run through the gateway (the QC one, on the PMO page). */
function earlierDecisions(approval: ApprovalRecord, decisions: GatewayDecision[]): Html | string {
  const earlier = decisions.filter(
    (decision) => decision.stageName !== approval.stageName || decision.actionName !== approval.actionName,
  );
  if (earlier.length === 0) return '';
  return html`<h2>Decided already in this run</h2>
<ul class="earlier-decisions">
${earlier.map(
  (decision) =>
    html`<li>${decision.actionName} (${decision.stageName}): ${decision.decision === 'approve' ? 'approved' : 'rejected'} by ${decision.approver} on ${formatTime(decision.decidedAt)}${decision.comment ? html` — “${decision.comment}”` : ''}</li>`,
)}
</ul>`;
}

/**
 * The review page: what is asked, for whom, the decisions already taken in this run, a comment
 * box and the two buttons. The form posts to the page's own URL; nothing here has a script.
 */
export function reviewPage(review: Review, notice?: string, decisions: GatewayDecision[] = []): string {
  const { approval, request } = review;
  return layout(
    `Approve ${approval.pipelineName}?`,
    html`<h1>Approval requested: ${approval.pipelineName} / ${approval.stageName}</h1>
${notice === undefined ? '' : html`<p class="notice" role="alert">${notice}</p>`}
${approvalFacts(approval, request.approver)}
${earlierDecisions(approval, decisions)}
<form method="post">
<label for="comment">Comment <small>(optional, up to ${MAX_COMMENT_LENGTH} characters; recorded in CodePipeline)</small></label>
<textarea id="comment" name="comment" maxlength="${MAX_COMMENT_LENGTH}"></textarea>
<div class="actions">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="reject">Reject</button>
</div>
</form>
<p><small>Only one decision is recorded for this approval, whoever of the approvers sends it first.</small></p>`,
  );
}
