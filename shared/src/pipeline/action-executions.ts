import {
  type ActionExecutionDetail,
  type CodePipelineClient,
  ListActionExecutionsCommand,
} from '@aws-sdk/client-codepipeline';

/** One run of a pipeline. */
export interface PipelineExecution {
  pipelineName: string;
  executionId: string;
}

/** Every action execution of one pipeline execution, all pages (the two-person rule and the review page read them). */
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
