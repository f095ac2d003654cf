import { JobFailureError, parseUserParameters } from '@shared/pipeline/job';

/** CodePipeline's action-name rule. */
const ACTION_NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;

/**
 * Reads `{"approvals": ["QCApproval", "PMOApproval"]}`: at least two
 * distinct approval action names. Anything else is a ConfigurationError that
 * says what is wrong.
 */
export function parseApprovalNames(raw: string | undefined): string[] {
  const { approvals } = parseUserParameters(raw);
  const problem = (detail: string) =>
    new JobFailureError('ConfigurationError', `UserParameters.approvals ${detail}, e.g. ["QCApproval","PMOApproval"]`);
  if (!Array.isArray(approvals)) throw problem('must be an array of approval action names');
  if (!approvals.every((name): name is string => typeof name === 'string' && ACTION_NAME.test(name))) {
    throw problem('must hold action names ([A-Za-z0-9.@-_], at most 100 characters)');
  }
  if (new Set(approvals).size !== approvals.length) throw problem('must not name an action twice');
  if (approvals.length < 2) throw problem('must name at least two approval actions');
  return approvals;
}
