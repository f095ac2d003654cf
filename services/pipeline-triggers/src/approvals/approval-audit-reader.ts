import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type GatewayDecision, listGatewayDecisions } from '@shared/approvals/approval-audit';

/** Who decided approvals through approval-gateway; an interface so the rule can be tested without DynamoDB. */
export interface ApprovalAudit {
  decisionsFor(executionId: string): Promise<GatewayDecision[]>;
}

/** The audit approval-gateway writes, read through the shared contract. */
export function dynamoApprovalAudit(client: DynamoDBDocumentClient, tableName: string): ApprovalAudit {
  return { decisionsFor: (executionId) => listGatewayDecisions(client, tableName, executionId) };
}
