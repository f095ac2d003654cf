import type { ApprovalDetails } from './approval';
import type { ApprovalNotification } from './approval.schema';
import validateNotification from './generated/approval-notification';
import { validationProblems } from './validation';

export type ParsedNotification = { ok: true; details: ApprovalDetails } | { ok: false; problems: string[] };

/** JSON.parse, dropping `null` values so that an absent optional field and a null one look alike. */
function parseWithoutNulls(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (value === null ? undefined : value));
}

/**
 * Reads the SNS Message CodePipeline publishes for a manual approval.
 * Never throws: a message that is not JSON, does not match the schema, or
 * names an impossible date is reported with the problems found.
 */
export function parseApprovalNotification(message: string): ParsedNotification {
  let parsed: unknown;
  try {
    parsed = parseWithoutNulls(message);
  } catch {
    return { ok: false, problems: ['Message is not JSON'] };
  }
  if (!validateNotification(parsed)) return { ok: false, problems: validationProblems(validateNotification) };
  const { approval } = parsed as ApprovalNotification;
  const expires = Date.parse(approval.expires);
  if (Number.isNaN(expires)) return { ok: false, problems: ['/approval/expires is not a real date'] };
  return {
    ok: true,
    details: {
      pipelineName: approval.pipelineName,
      stageName: approval.stageName,
      actionName: approval.actionName,
      approvalToken: approval.token,
      expiresAt: new Date(expires).toISOString(),
      customData: approval.customData,
      externalEntityLink: approval.externalEntityLink,
      approvalReviewLink: approval.approvalReviewLink,
    },
  };
}
