import { requireEnv } from '@shared/config';

export const ENV = {
  approvalsTable: 'APPROVALS_TABLE',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  approverDirectoryParameter: 'APPROVER_DIRECTORY_PARAMETER',
  decideRoleName: 'DECIDE_ROLE_NAME',
} as const;

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
