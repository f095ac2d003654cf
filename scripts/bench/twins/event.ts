/**
 * SDK-minimal twin of an SNS or EventBridge consumer (onImageBuilt's notification): read each
 * record's message, one CodePipeline StartPipelineExecution; no Powertools, no record loop.
 */
import { CodePipelineClient, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { fromEnv } from '@aws-sdk/credential-provider-env';

const client = new CodePipelineClient({ credentials: fromEnv() });

export const handler = async (event: { Records?: { Sns: { Message: string } }[]; detail?: unknown }) => {
  const messages = event.Records?.map((record) => JSON.parse(record.Sns.Message)) ?? [event.detail];
  for (const _message of messages) await client.send(new StartPipelineExecutionCommand({ name: 'twin' }));
  return { processed: messages.length };
};
