import { ssmDirectorySource } from '@shared/approvals/directory-parameter';
import { pipelineJobHandler } from '@shared/pipeline/job';
import { dynamoApprovalAudit } from '../approvals/approval-audit-reader';
import { checkTwoPersonRule, type TwoPersonCheckDeps } from '../approvals/two-person-check';
import { codeCommitClient } from '../clients/codecommit';
import { codePipelineClient } from '../clients/codepipeline';
import { documentClient } from '../clients/dynamodb';
import { config } from '../config';
import { pushAuthors } from '../wiring';

const deps: TwoPersonCheckDeps = {
  codePipeline: codePipelineClient,
  authors: {
    codeCommit: codeCommitClient,
    pushes: pushAuthors,
    region: config.region,
  },
  audit: dynamoApprovalAudit(documentClient, config.approvalsTable),
  directory: ssmDirectorySource(config.approverDirectoryParameter),
  gatewayRoleName: config.approvalGatewayRoleName,
  pipelines: new Set(config.imagePipelineTargets.values()),
  functionName: config.functionName,
};

/**
 * CodePipeline invoke action: succeeds only when the named approvals were
 * given by different authorised people. Every path reports exactly one job result.
 */
export const handler = pipelineJobHandler(codePipelineClient, (job) => checkTwoPersonRule(deps, job));
