import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { byCodeUnits } from '../order';

/**
 * The approval audit contract between approval-gateway (which writes it) and
 * pipeline-triggers' two-person rule (which reads it).
 *
 * approval-gateway's table has a global secondary index `byExecution`
 * (partition `executionId`, sort `sk`). Every decision is an audit item with
 * `recordType: 'decision'`; the one decision that CodePipeline accepted for an
 * approval action has `outcome: 'accepted'`. CodePipeline itself records the
 * gateway's role as `updatedBy`, so this audit is the source of who approved.
 */
export const AUDIT_INDEX = 'byExecution';
export const DECISION_RECORD = 'decision';
export const ACCEPTED_OUTCOME = 'accepted';

/**
 * How a decision attempt ended: `accepted` by CodePipeline (exactly one per
 * approval, the only outcome the rule reads), `refused` by the gateway,
 * `closed` (CodePipeline refused it for good) or `failed` (CodePipeline
 * unreachable; the claim was released for a retry).
 */
export type AuditOutcome = typeof ACCEPTED_OUTCOME | 'refused' | 'closed' | 'failed';

/** A decision that went through the gateway and reached CodePipeline. */
export interface GatewayDecision {
  executionId: string;
  pipelineName: string;
  stageName: string;
  actionName: string;
  /** The approver's email address, as the request was bound to. */
  approver: string;
  decision: 'approve' | 'reject';
  decidedAt: string;
  /** What the approver wrote with the decision, when anything (shown to the next approvers). */
  comment?: string;
}

/** The attributes an audit item must carry to be found by {@link listGatewayDecisions}. */
export interface DecisionAuditAttributes extends GatewayDecision {
  recordType: typeof DECISION_RECORD;
  outcome: AuditOutcome;
}

/**
 * Who decided each approval action of one pipeline execution through the
 * gateway (accepted decisions only), oldest first. Reads every page.
 */
export async function listGatewayDecisions(
  client: DynamoDBDocumentClient,
  tableName: string,
  executionId: string,
): Promise<GatewayDecision[]> {
  const decisions: GatewayDecision[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: AUDIT_INDEX,
        KeyConditionExpression: 'executionId = :executionId',
        FilterExpression: 'recordType = :recordType AND outcome = :outcome',
        ExpressionAttributeValues: {
          ':executionId': executionId,
          ':recordType': DECISION_RECORD,
          ':outcome': ACCEPTED_OUTCOME,
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const { pipelineName, stageName, actionName, approver, decision, decidedAt, comment } =
        item as DecisionAuditAttributes;
      decisions.push({
        executionId,
        pipelineName,
        stageName,
        actionName,
        approver,
        decision,
        decidedAt,
        ...(typeof comment === 'string' && comment !== '' ? { comment } : {}),
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return decisions.sort((a, b) => byCodeUnits(a.decidedAt, b.decidedAt));
}
