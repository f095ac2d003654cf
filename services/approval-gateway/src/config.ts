import { requireEnv } from '@shared/config';

export const ENV = {
  approvalsTable: 'APPROVALS_TABLE',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  approverDirectoryParameter: 'APPROVER_DIRECTORY_PARAMETER',
  decideRoleName: 'DECIDE_ROLE_NAME',
  senderEmail: 'SENDER_EMAIL',
  remindAfterHours: 'REMIND_AFTER_HOURS',
  lastWarningHours: 'LAST_WARNING_HOURS',
  pushAuthorsTable: 'PUSH_AUTHORS_TABLE',
} as const;

const HOUR_MS = 3600 * 1000;

/** An absolute http(s) URL without a trailing slash; throws on anything else. */
export function parseBaseUrl(value: string, name: string = ENV.publicBaseUrl): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL`);
  return url.href.replace(/\/+$/, '');
}

/** What every function of this service reads. */
export const config = {
  approvalsTable: requireEnv(ENV.approvalsTable),
  publicBaseUrl: parseBaseUrl(requireEnv(ENV.publicBaseUrl)),
  /** SSM parameter holding the approver directory (directory/<stage>.yml, published by this service). */
  approverDirectoryParameter: requireEnv(ENV.approverDirectoryParameter),
  /** The decide function's role name: CodePipeline's `lastUpdatedBy` of the decisions this service made. */
  decideRoleName: requireEnv(ENV.decideRoleName),
};

/**
 * What the functions that send email read besides {@link config}: the address the emails come from.
 * A function, not a constant: only those functions are given SENDER_EMAIL; each calls it at load.
 */
export function mailConfig() {
  return { senderEmail: requireEnv(ENV.senderEmail) };
}

/**
 * What onApprovalNotification reads besides {@link config}: pipeline-triggers' table of recorded
 * pushes (who wrote and pushed a change). A function: only that function is given it.
 */
export function changeConfig() {
  return { pushAuthorsTable: requireEnv(ENV.pushAuthorsTable) };
}

/** Whole or fractional hours from an environment variable, in milliseconds; throws on anything else. */
function hours(name: string): number {
  const value = Number(requireEnv(name));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of hours`);
  return value * HOUR_MS;
}

/** What the reminder function reads besides {@link config} and {@link mailConfig}; called at its load. */
export function reminderConfig() {
  return { remindAfterMs: hours(ENV.remindAfterHours), lastWarningMs: hours(ENV.lastWarningHours) };
}
