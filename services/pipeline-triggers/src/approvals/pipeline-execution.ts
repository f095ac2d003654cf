import {
  type ActionExecutionDetail,
  type CodePipelineClient,
  GetJobDetailsCommand,
  ListActionExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { JobFailureError } from '@shared/pipeline/job';

export interface PipelineExecution {
  pipelineName: string;
  executionId: string;
}

/**
 * The pipeline execution a job belongs to. Only the pipeline context is read
 * from GetJobDetails; its artifact credentials are never kept or logged.
 */
export async function executionOfJob(client: CodePipelineClient, jobId: string): Promise<PipelineExecution> {
  const { jobDetails } = await client.send(new GetJobDetailsCommand({ jobId }));
  const context = jobDetails?.data?.pipelineContext;
  if (!context?.pipelineName || !context.pipelineExecutionId) {
    throw new JobFailureError('JobFailed', 'GetJobDetails returned no pipeline name or execution id for this job');
  }
  return { pipelineName: context.pipelineName, executionId: context.pipelineExecutionId };
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
