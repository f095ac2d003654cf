/**
 * SDK-minimal twin of a CodePipeline job (twoPersonRule's job): one PutJobSuccessResult for the
 * job's id; no Powertools, no job runner, nothing decided.
 */
import { CodePipelineClient, PutJobSuccessResultCommand } from '@aws-sdk/client-codepipeline';
import { fromEnv } from '@aws-sdk/credential-provider-env';

const client = new CodePipelineClient({ credentials: fromEnv() });

export const handler = async (event: { 'CodePipeline.job': { id: string } }) => {
  await client.send(new PutJobSuccessResultCommand({ jobId: event['CodePipeline.job'].id }));
};
