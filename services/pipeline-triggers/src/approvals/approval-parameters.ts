import { JobFailureError, parseUserParameters } from '@shared/pipeline/job';

/** CodePipeline's action-name and pipeline-name rule. */
const NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;

export interface TwoPersonParameters {
  /** At least two distinct approval action names. */
  approvals: string[];
  /**
   * The pipeline the action belongs to: where to look for the running execution when
   * GetJobDetails has no answer. It never chooses the execution itself.
   */
  pipelineName?: string;
}

const problem = (detail: string) => new JobFailureError('ConfigurationError', `UserParameters.${detail}`);

/**
 * Reads `{"approvals": ["QCApproval", "PMOApproval"], "pipelineName": "..."}`.
 * Anything else is a ConfigurationError that says what is wrong.
 */
export function parseTwoPersonParameters(raw: string | undefined): TwoPersonParameters {
  const { approvals, pipelineName } = parseUserParameters(raw);
  const approvalsProblem = (detail: string) => problem(`approvals ${detail}, e.g. ["QCApproval","PMOApproval"]`);
  if (!Array.isArray(approvals)) throw approvalsProblem('must be an array of approval action names');
  if (!approvals.every((name): name is string => typeof name === 'string' && NAME.test(name))) {
    throw approvalsProblem('must hold action names ([A-Za-z0-9.@-_], at most 100 characters)');
  }
  if (new Set(approvals).size !== approvals.length) throw approvalsProblem('must not name an action twice');
  if (approvals.length < 2) throw approvalsProblem('must name at least two approval actions');
  if (pipelineName === undefined) return { approvals };
  if (typeof pipelineName !== 'string' || !NAME.test(pipelineName)) {
    throw problem('pipelineName must be the name of this pipeline');
  }
  return { approvals, pipelineName };
}
