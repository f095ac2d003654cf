import type { Decision } from './approval';

/** CodePipeline's limit on `result.summary` of PutApprovalResult. */
export const MAX_SUMMARY_LENGTH = 512;
const ELLIPSIS = '…';

/** Cuts `text` to at most `max` UTF-16 units without splitting a character, marking the cut. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = '';
  for (const char of text) {
    if (cut.length + char.length + ELLIPSIS.length > max) break;
    cut += char;
  }
  return cut + ELLIPSIS;
}

/**
 * The summary CodePipeline records with the decision:
 * `"<Approved|Rejected> by <email> via Runway: <comment>"`, the comment cut
 * so that the whole fits in 512 characters. Without a comment it ends after "Runway".
 */
export function approvalSummary(decision: Decision, approver: string, comment: string): string {
  const head = `${decision === 'approve' ? 'Approved' : 'Rejected'} by ${approver} via Runway`;
  const text = comment.replace(/\s+/g, ' ').trim();
  if (text === '') return truncate(head, MAX_SUMMARY_LENGTH);
  const prefix = `${head}: `;
  if (prefix.length >= MAX_SUMMARY_LENGTH) return truncate(head, MAX_SUMMARY_LENGTH);
  return prefix + truncate(text, MAX_SUMMARY_LENGTH - prefix.length);
}
