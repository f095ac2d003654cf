import { withoutRoleMarker } from '@shared/approvals/approver-directory';
import type { Email } from '@shared/mail/mailer';
import type { ApprovalRecord } from '../approvals/approval';
import { authorsText } from '../approvals/change-facts';
import { formatTime, html, webLink } from './html';
import { revisionText } from './review-page';

/** The first email, the one reminder of someone who has not decided, and the warning a day before expiry. */
export type EmailKind = 'request' | 'reminder' | 'last-warning';

const SUBJECT_PREFIX: Record<EmailKind, string> = {
  request: 'Approval needed',
  reminder: 'Reminder: approval needed',
  'last-warning': 'Last day to approve',
};

/** No line breaks in a subject, whatever a name holds. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

/**
 * The email one approver gets: HTML and plain text, the subject naming the
 * pipeline and stage, the custom data, the review link, the expiry and one
 * link to the approver's own review page. Every value from the message is
 * HTML-escaped in the HTML part.
 */
export function approvalEmail(
  approval: ApprovalRecord,
  approver: string,
  reviewPageUrl: string,
  kind: EmailKind = 'request',
): Email {
  const subject = oneLine(
    `${SUBJECT_PREFIX[kind]} (${approval.role}): ${approval.pipelineName} / ${approval.stageName} / ${approval.actionName}`,
  );
  const expires = formatTime(approval.expiresAt);
  const link = webLink(approval.externalEntityLink);
  const customData = approval.customData ? withoutRoleMarker(approval.customData) : '';
  const revision = revisionText(approval);
  const ami = approval.amiId ?? 'not known';
  const authors = authorsText(approval.change);
  const commitLink = webLink(approval.change?.commitLink);
  const text = [
    `Your approval is requested for pipeline ${approval.pipelineName}, stage ${approval.stageName}, action ${approval.actionName}.`,
    `You are asked as: ${approval.role}`,
    `Source revision: ${revision}`,
    ...(commitLink ? [`Commit: ${commitLink}`] : []),
    `Change by: ${authors}`,
    `AMI: ${ami}`,
    '',
    ...(customData ? [customData, ''] : []),
    ...(link ? [`What to review: ${link}`] : []),
    `Expires: ${expires}`,
    '',
    `Approve or reject here: ${reviewPageUrl}`,
    '',
    `This link is personal to ${approver}: please do not forward it. Opening it changes nothing; only the Approve or Reject button does.`,
  ].join('\n');
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1d2330;">
<p>Your approval is requested for pipeline <strong>${approval.pipelineName}</strong>, stage <strong>${approval.stageName}</strong>, action <strong>${approval.actionName}</strong>.</p>
<p>You are asked as: <strong>${approval.role}</strong><br>Source revision: <code>${revision}</code>${commitLink ? html` (<a href="${commitLink}">view the commit</a>)` : ''}<br>Change by: ${authors}<br>AMI: <code>${ami}</code></p>
${customData ? html`<p style="white-space: pre-wrap; background: #f5f6f8; padding: 12px;">${customData}</p>` : ''}
${link ? html`<p>What to review: ${link}</p>` : ''}
<p>Expires: ${expires}</p>
<p><a href="${reviewPageUrl}" style="display: inline-block; padding: 10px 20px; background: #1f4fa8; color: #fff; text-decoration: none; border-radius: 4px;">Review and decide</a></p>
<p style="color: #5b6473; font-size: 13px;">This link is personal to ${approver}: please do not forward it. Opening it changes nothing; only the Approve or Reject button does.</p>
</body></html>`;
  return { to: approver, subject, html: body.value, text };
}
