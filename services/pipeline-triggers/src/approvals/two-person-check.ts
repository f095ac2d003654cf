import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { type AuthorSources, changeAuthors } from '@shared/approvals/change-authors';
import type { DirectorySource } from '@shared/approvals/directory-parameter';
import { logger } from '@shared/logger';
import { listActionExecutions } from '@shared/pipeline/action-executions';
import type { JobOutcome, PipelineJob } from '@shared/pipeline/job';
import type { ApprovalAudit } from './approval-audit-reader';
import { parseTwoPersonParameters } from './approval-parameters';
import { executionOfJob } from './pipeline-execution';
import { evaluateTwoPersonRule } from './two-person-rule';

export interface TwoPersonCheckDeps {
  codePipeline: CodePipelineClient;
  /** Where the authors of the released commit are looked up. */
  authors: AuthorSources;
  audit: ApprovalAudit;
  directory: DirectorySource;
  /** The role name of this stage's approval-gateway decide function. */
  gatewayRoleName: string;
  /** This stage's pipelines. */
  pipelines: ReadonlySet<string>;
  /** This function's name, to find its own running action. */
  functionName?: string;
}

/** Checks the two-person rule for the execution a job belongs to; errors are left to runPipelineJob. */
export async function checkTwoPersonRule(deps: TwoPersonCheckDeps, job: PipelineJob): Promise<JobOutcome> {
  const { approvals, pipelineName } = parseTwoPersonParameters(job.userParameters);
  const execution = await executionOfJob(deps.codePipeline, {
    jobId: job.id,
    pipelines: deps.pipelines,
    pipelineName,
    functionName: deps.functionName,
  });
  const [actionExecutions, gatewayDecisions, directory] = await Promise.all([
    listActionExecutions(deps.codePipeline, execution),
    deps.audit.decisionsFor(execution.executionId),
    deps.directory(),
  ]);
  const verdict = evaluateTwoPersonRule({
    pipelineName: execution.pipelineName,
    account: job.accountId,
    approvals,
    actionExecutions,
    gatewayDecisions,
    gatewayRoleName: deps.gatewayRoleName,
    directory,
    authors: await changeAuthors(deps.authors, actionExecutions),
  });
  logger.info('Two-person rule evaluated', { ...execution, met: verdict.met });
  return verdict.met
    ? { result: 'success', summary: verdict.summary }
    : { result: 'failure', type: 'JobFailed', message: verdict.message };
}
