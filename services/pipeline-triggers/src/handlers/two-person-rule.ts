import { pipelineJobHandler } from '@shared/pipeline/job';
import { dynamoApprovalAudit } from '../approvals/approval-audit-reader';
import { checkTwoPersonRule, type TwoPersonCheckDeps } from '../approvals/two-person-check';
import { codePipeline } from '../clients/codepipeline';
import { documentClient } from '../clients/dynamodb';
import { config } from '../config';

const deps: TwoPersonCheckDeps = {
  codePipeline,
  audit: dynamoApprovalAudit(documentClient, config.approvalsTable),
  gatewayRolePrefix: config.approvalGatewayRolePrefix,
};

/**
 * CodePipeline invoke action: succeeds only when the named approvals were
 * given by different people. Every path reports exactly one job result.
 */
export const handler = pipelineJobHandler(codePipeline, (job) => checkTwoPersonRule(deps, job));
