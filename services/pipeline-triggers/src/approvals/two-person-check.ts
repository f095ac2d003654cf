import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { logger } from '@shared/logger';
import type { JobOutcome, PipelineJob } from '@shared/pipeline/job';
import type { ApprovalAudit } from './approval-audit-reader';
import { parseTwoPersonParameters } from './approval-parameters';
import { executionOfJob, listActionExecutions } from './pipeline-execution';
import { evaluateTwoPersonRule } from './two-person-rule';

export interface TwoPersonCheckDeps {
  codePipeline: CodePipelineClient;
  audit: ApprovalAudit;
  gatewayRolePrefix: string;
}

/** Checks the two-person rule for the execution a job belongs to; errors are left to runPipelineJob. */
export async function checkTwoPersonRule(deps: TwoPersonCheckDeps, job: PipelineJob): Promise<JobOutcome> {
  const { approvals, declared } = parseTwoPersonParameters(job.userParameters);
  const execution = await executionOfJob(deps.codePipeline, job.id, declared);
  const [actionExecutions, gatewayDecisions] = await Promise.all([
    listActionExecutions(deps.codePipeline, execution),
    deps.audit.decisionsFor(execution.executionId),
  ]);
  const verdict = evaluateTwoPersonRule({
    pipelineName: execution.pipelineName,
    approvals,
    actionExecutions,
    gatewayDecisions,
    gatewayRolePrefix: deps.gatewayRolePrefix,
  });
  logger.info('Two-person rule evaluated', { ...execution, met: verdict.met });
  return verdict.met
    ? { result: 'success', summary: verdict.summary }
    : { result: 'failure', type: 'JobFailed', message: verdict.message };
}
