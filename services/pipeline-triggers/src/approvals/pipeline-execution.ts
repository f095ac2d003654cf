import {
  type ActionExecutionDetail,
  type CodePipelineClient,
  GetJobDetailsCommand,
  ListActionExecutionsCommand,
  type PipelineContext,
} from '@aws-sdk/client-codepipeline';
import { errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import { isTransientAwsError, JobFailureError } from '@shared/pipeline/job';

export interface PipelineExecution {
  pipelineName: string;
  executionId: string;
}

/**
 * The pipeline execution a job belongs to, from GetJobDetails' pipeline context (its artifact
 * credentials are never kept or logged). AWS documents GetJobDetails "for custom actions only";
 * where it gives no context for this Lambda job, or refuses with a non-transient error, the
 * execution the pipeline named in UserParameters (`declared`) is used instead. Where both exist
 * they must agree.
 */
export async function executionOfJob(
  client: CodePipelineClient,
  jobId: string,
  declared?: PipelineExecution,
): Promise<PipelineExecution> {
  let context: PipelineContext | undefined;
  try {
    context = (await client.send(new GetJobDetailsCommand({ jobId }))).jobDetails?.data?.pipelineContext;
  } catch (error) {
    if (!declared || isTransientAwsError(error)) throw error;
    logger.warn('GetJobDetails failed; using the execution named in UserParameters', {
      error: errorName(error),
      ...declared,
    });
    return declared;
  }
  if (!context?.pipelineName || !context.pipelineExecutionId) {
    if (declared) {
      logger.warn('GetJobDetails gave no pipeline context; using the execution named in UserParameters', {
        ...declared,
      });
      return declared;
    }
    throw new JobFailureError('JobFailed', 'GetJobDetails returned no pipeline name or execution id for this job');
  }
  const execution = { pipelineName: context.pipelineName, executionId: context.pipelineExecutionId };
  if (
    declared &&
    (declared.pipelineName !== execution.pipelineName || declared.executionId !== execution.executionId)
  ) {
    throw new JobFailureError(
      'ConfigurationError',
      `UserParameters name execution ${declared.executionId} of ${declared.pipelineName}, ` +
        `but this job belongs to execution ${execution.executionId} of ${execution.pipelineName}`,
    );
  }
  return execution;
}

/** Every action execution of one pipeline execution, all pages. */
export async function listActionExecutions(
  client: CodePipelineClient,
  execution: PipelineExecution,
): Promise<ActionExecutionDetail[]> {
  const details: ActionExecutionDetail[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListActionExecutionsCommand({
        pipelineName: execution.pipelineName,
        filter: { pipelineExecutionId: execution.executionId },
        nextToken,
      }),
    );
    details.push(...(page.actionExecutionDetails ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return details;
}
