import { ssmDirectorySource } from '@shared/approvals/directory-parameter';
import { dynamoApprovalStore } from './approvals/approval-store';
import { sdkPipelineGateway } from './approvals/code-pipeline';
import { codePipelineClient } from './clients/codepipeline';
import { documentClient } from './clients/dynamodb';
import { config } from './config';

/** The approval store, created once per container. */
export const store = dynamoApprovalStore(documentClient, config.approvalsTable);

/**
 * Storage, CodePipeline and the approver directory as the functions that decide use them; each such handler
 * calls it once, at load. A function rather than a constant so that a function which only reads (the review
 * page) imports {@link store} alone and does not bundle and build a CodePipeline client it never calls.
 */
export function decisionDeps() {
  return {
    store,
    pipeline: sdkPipelineGateway(codePipelineClient),
    directory: ssmDirectorySource(config.approverDirectoryParameter),
    ownRoleName: config.decideRoleName,
  };
}
