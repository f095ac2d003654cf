import type { ApprovalDetails } from './approval';
import type { ApprovalNotification } from './approval.schema';
import validateNotification from './generated/approval-notification';
import { validationProblems } from './validation';

export type ParsedNotification = { ok: true; details: ApprovalDetails } | { ok: false; problems: string[] };

/** A copy without `null` values, so that an absent optional field and a null one look alike. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter((entry) => entry[1] !== null)
      .map(([key, inner]) => [key, withoutNulls(inner)]),
  );
}

/**
 * Reads the (JSON-parsed) SNS Message CodePipeline publishes for a manual
 * approval. Never throws: a message that does not match the schema, or names
 * an impossible date, is reported with the problems found.
 */
export function parseApprovalNotification(message: unknown): ParsedNotification {
  const parsed = withoutNulls(message);
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
