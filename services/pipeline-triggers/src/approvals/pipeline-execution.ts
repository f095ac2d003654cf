import {
  type CodePipelineClient,
  GetJobDetailsCommand,
  ListActionExecutionsCommand,
  type PipelineContext,
} from '@aws-sdk/client-codepipeline';
import { errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import type { PipelineExecution } from '@shared/pipeline/action-executions';
import { isTransientAwsError, JobFailureError } from '@shared/pipeline/job';

export type { PipelineExecution } from '@shared/pipeline/action-executions';

/** Where the job runs, as far as this function knows it without asking CodePipeline. */
export interface JobScope {
  jobId: string;
  /** This stage's pipelines: a job of any other pipeline is refused. */
  pipelines: ReadonlySet<string>;
  /** The pipeline UserParameters name: only where to look when GetJobDetails has no answer. */
  pipelineName?: string;
  /** This function's own name (AWS_LAMBDA_FUNCTION_NAME): which invoke action is this job. */
  functionName?: string;
}

const refuse = (message: string) => new JobFailureError('JobFailed', message);

function checkedPipeline(scope: JobScope, pipelineName: string): void {
  if (!scope.pipelines.has(pipelineName)) {
    throw refuse(`pipeline ${pipelineName} is not one of this stage's pipelines (${[...scope.pipelines].join(', ')})`);
  }
}

/**
 * The one execution of `pipelineName` in which this function's invoke action
 * is running now, from the pipeline's own record (ListActionExecutions, newest
 * first). The AMI pipelines run QUEUED: one execution at a time per stage, so
 * there is exactly one; anything else cannot be told apart and fails the job.
 */
async function runningExecution(client: CodePipelineClient, scope: JobScope): Promise<PipelineExecution> {
  const { pipelineName, functionName } = scope;
  if (pipelineName === undefined || functionName === undefined) {
    throw refuse(
      'GetJobDetails gave no pipeline execution for this job, and UserParameters name no pipeline to look in',
    );
  }
  checkedPipeline(scope, pipelineName);
  const page = await client.send(new ListActionExecutionsCommand({ pipelineName }));
  const running = (page.actionExecutionDetails ?? []).filter(
    (run) =>
      run.status === 'InProgress' &&
      run.input?.actionTypeId?.category === 'Invoke' &&
      run.input.actionTypeId.provider === 'Lambda' &&
      run.input.configuration?.FunctionName === functionName,
  );
  const ids = [...new Set(running.flatMap((run) => run.pipelineExecutionId ?? []))];
  if (ids.length !== 1 || ids[0] === undefined) {
    throw refuse(
      `cannot tell which execution of ${pipelineName} this job belongs to: ` +
        `${ids.length} executions run ${functionName} now`,
    );
  }
  return { pipelineName, executionId: ids[0] };
}

/**
 * The pipeline execution a job belongs to, from CodePipeline's own record of
 * the job: GetJobDetails' pipeline context (its artifact credentials are never
 * kept or logged). AWS documents GetJobDetails "for custom actions only";
 * where it has no answer for this Lambda job, the execution in which this
 * function's action is running now is taken instead. Nothing the invoker
 * writes in UserParameters chooses the execution; when it cannot be told, the job fails.
 */
export async function executionOfJob(client: CodePipelineClient, scope: JobScope): Promise<PipelineExecution> {
  let context: PipelineContext | undefined;
  try {
    context = (await client.send(new GetJobDetailsCommand({ jobId: scope.jobId }))).jobDetails?.data?.pipelineContext;
  } catch (error) {
    if (isTransientAwsError(error)) throw error;
    logger.warn('GetJobDetails failed; looking for the running execution instead', { error: errorName(error) });
  }
  if (!context?.pipelineName || !context.pipelineExecutionId) return runningExecution(client, scope);
  checkedPipeline(scope, context.pipelineName);
  return { pipelineName: context.pipelineName, executionId: context.pipelineExecutionId };
}
