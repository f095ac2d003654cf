import { JobFailureError, parseUserParameters } from '@shared/pipeline/job';
import type { PipelineExecution } from './pipeline-execution';

/** CodePipeline's action-name and pipeline-name rule. */
const NAME = /^[A-Za-z0-9.@\-_]{1,100}$/;
const EXECUTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface TwoPersonParameters {
  /** At least two distinct approval action names. */
  approvals: string[];
  /**
   * The execution as the pipeline itself names it (`#{codepipeline.PipelineExecutionId}`),
   * when UserParameters carries it: checked against GetJobDetails, and used if that has no answer.
   */
  declared?: PipelineExecution;
}

const problem = (detail: string) => new JobFailureError('ConfigurationError', `UserParameters.${detail}`);

function parseDeclaredExecution(pipelineName: unknown, executionId: unknown): PipelineExecution | undefined {
  if (pipelineName === undefined && executionId === undefined) return undefined;
  if (typeof pipelineName !== 'string' || !NAME.test(pipelineName)) {
    throw problem('pipelineName must be the name of this pipeline when pipelineExecutionId is given');
  }
  if (typeof executionId !== 'string' || !EXECUTION_ID.test(executionId)) {
    throw problem(
      'pipelineExecutionId must be a pipeline execution id, e.g. "#{codepipeline.PipelineExecutionId}", when pipelineName is given',
    );
  }
  return { pipelineName, executionId };
}

/**
 * Reads `{"approvals": ["QCApproval", "PMOApproval"]}`, optionally with
 * `"pipelineName"` and `"pipelineExecutionId"`. Anything else is a
 * ConfigurationError that says what is wrong.
 */
export function parseTwoPersonParameters(raw: string | undefined): TwoPersonParameters {
  const { approvals, pipelineName, pipelineExecutionId } = parseUserParameters(raw);
  const approvalsProblem = (detail: string) => problem(`approvals ${detail}, e.g. ["QCApproval","PMOApproval"]`);
  if (!Array.isArray(approvals)) throw approvalsProblem('must be an array of approval action names');
  if (!approvals.every((name): name is string => typeof name === 'string' && NAME.test(name))) {
    throw approvalsProblem('must hold action names ([A-Za-z0-9.@-_], at most 100 characters)');
  }
  if (new Set(approvals).size !== approvals.length) throw approvalsProblem('must not name an action twice');
  if (approvals.length < 2) throw approvalsProblem('must name at least two approval actions');
  const declared = parseDeclaredExecution(pipelineName, pipelineExecutionId);
  return declared ? { approvals, declared } : { approvals };
}
