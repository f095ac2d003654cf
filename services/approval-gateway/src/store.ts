import { dynamoApprovalStore } from './approvals/approval-store';
import { documentClient } from './clients/dynamodb';
import { config } from './config';

/**
 * The approval store, created once per container. In a module of its own so
 * that a function which only reads (the review page) does not bundle and
 * build a CodePipeline client it never calls.
 */
export const store = dynamoApprovalStore(documentClient, config.approvalsTable);
