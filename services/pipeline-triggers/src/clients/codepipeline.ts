import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { clientOptions } from '@shared/aws/clients';

export const codePipelineClient = new CodePipelineClient(clientOptions);
