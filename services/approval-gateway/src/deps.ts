import { dynamoApprovalStore } from './approvals/approval-store';
import { sdkPipelineGateway } from './approvals/code-pipeline';
import { codePipelineClient } from './clients/codepipeline';
import { documentClient } from './clients/dynamodb';
import { config } from './config';

/** Storage and CodePipeline as every function of this service uses them, created once per container. */
export const deps = {
  store: dynamoApprovalStore(documentClient, config.approvalsTable),
  pipeline: sdkPipelineGateway(codePipelineClient),
};
