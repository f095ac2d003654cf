import { ssmDirectorySource } from '@shared/approvals/directory-parameter';
import { sesMailer } from '@shared/mail/mailer';
import { dynamoApprovalStore } from './approvals/approval-store';
import { sdkPipelineGateway } from './approvals/code-pipeline';
import { codePipelineClient } from './clients/codepipeline';
import { documentClient } from './clients/dynamodb';
import { sesClient } from './clients/ses';
import { config, mailConfig } from './config';

/** The approval store, created once per container. */
export const store = dynamoApprovalStore(documentClient, config.approvalsTable);

/**
 * Storage, CodePipeline and the approver directory as the functions that decide, notify and remind use them;
 * each such handler calls it once, at load. A function rather than a constant so that the function which only
 * reads (the review page) imports {@link store} alone and neither bundles nor builds a CodePipeline client.
 */
export function approvalDeps() {
  return {
    store,
    pipeline: sdkPipelineGateway(codePipelineClient),
    directory: ssmDirectorySource(config.approverDirectoryParameter),
    ownRoleName: config.decideRoleName,
  };
}

/** The mailer of the functions that send email (only they are given SENDER_EMAIL); each calls it once, at load. */
export function mailer() {
  return sesMailer(sesClient, mailConfig().senderEmail);
}
