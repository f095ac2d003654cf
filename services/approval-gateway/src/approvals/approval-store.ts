import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { errorName } from '@shared/errors';
import {
  APPROVAL_SK,
  type ApprovalRecord,
  type AuditRecord,
  type Decision,
  REQUEST_SK,
  type RequestRecord,
  requestKey,
} from './approval';

/** Taking the decision of an approval for one approver. */
export interface Claim {
  claimId: string;
  approver: string;
  decision: Decision;
  now: Date;
  /** A claim taken before this instant was abandoned and may be taken over. */
  staleBefore: Date;
}

/** How a claimed decision ended. */
export type Settlement =
  | { status: 'approved' | 'rejected'; decision: Decision; decidedBy: string; decidedAt: string; comment: string }
  | { status: 'closed'; closedReason: string; closedAt: string };

/** Storage the approval logic needs; DynamoDB in production, a map in unit tests. */
export interface ApprovalStore {
  /** Writes a new approval; false when one with that key exists already. */
  createApproval(record: ApprovalRecord): Promise<boolean>;
  getApproval(key: string): Promise<ApprovalRecord | undefined>;
  /** Remembers that `approver`'s email went out (`notified`), or their reminder or last warning. */
  markNotified(key: string, approver: string, list?: 'notified' | 'reminded' | 'warned'): Promise<void>;
  /** Every approval still waiting for a decision (reminders run over them). */
  listPendingApprovals(): Promise<ApprovalRecord[]>;
  putRequest(record: RequestRecord): Promise<void>;
  getRequest(tokenHash: string): Promise<RequestRecord | undefined>;
  /**
   * One conditional write: takes the decision when the approval is pending (or
   * its claim was abandoned) and not expired. True for exactly one caller.
   */
  claim(key: string, claim: Claim): Promise<boolean>;
  /** Records how the claim `claimId` ended; false when that claim is no longer held. */
  settle(key: string, claimId: string, settlement: Settlement): Promise<boolean>;
  /** Gives the claim `claimId` up so that the approval can be decided again. */
  release(key: string, claimId: string): Promise<boolean>;
  putAudit(record: AuditRecord): Promise<void>;
}

const CLAIM_FIELDS = ['claimId', 'claimedBy', 'claimedAt', 'claimDecision'];

const isConditionFailure = (error: unknown) => errorName(error) === 'ConditionalCheckFailedException';

/** `SET #a = :a, ...` and `REMOVE #b, ...` with every name and value as a placeholder (no reserved-word surprises). */
export function updateExpression(set: Record<string, unknown>, remove: readonly string[] = []) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(set).map(([field, value]) => {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    return `#${field} = :${field}`;
  });
  for (const field of remove) names[`#${field}`] = field;
  const removal = remove.length > 0 ? ` REMOVE ${remove.map((field) => `#${field}`).join(', ')}` : '';
  return {
    UpdateExpression: `SET ${assignments.join(', ')}${removal}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** DynamoDB stores the approver lists as string sets; the rest of the code sees lists. */
function fromApprovalItem(item: Record<string, unknown>): ApprovalRecord {
  const list = (value: unknown) => (value instanceof Set ? [...(value as Set<string>)] : []);
  return {
    ...(item as unknown as ApprovalRecord),
    notified: list(item.notified),
    reminded: list(item.reminded),
    warned: list(item.warned),
  };
}

export function dynamoApprovalStore(client: DynamoDBDocumentClient, table: string): ApprovalStore {
  const approvalKey = (pk: string) => ({ pk, sk: APPROVAL_SK });

  async function conditionalUpdate(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
    try {
      await client.send(new UpdateCommand(input));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Sets `fields` and drops the claim, only while `claimId` still holds it. */
  function updateHeldClaim(key: string, claimId: string, fields: Record<string, unknown>): Promise<boolean> {
    const update = updateExpression(fields, CLAIM_FIELDS);
    return conditionalUpdate({
      TableName: table,
      Key: approvalKey(key),
      ...update,
      ConditionExpression: '#claimId = :heldClaim',
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':heldClaim': claimId },
    });
  }

  return {
    async createApproval(record) {
      const { notified, ...rest } = record;
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: notified.length > 0 ? { ...rest, notified: new Set(notified) } : rest,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async getApproval(key) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: approvalKey(key), ConsistentRead: true }),
      );
      return Item === undefined ? undefined : fromApprovalItem(Item);
    },

    async markNotified(key, approver, list = 'notified') {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: approvalKey(key),
          UpdateExpression: 'ADD #list :approver',
          ExpressionAttributeNames: { '#list': list },
          ExpressionAttributeValues: { ':approver': new Set([approver]) },
        }),
      );
    },

    async listPendingApprovals() {
      // A scan: the table holds only live approvals (TTL removes them 30 days after expiry) and
      // the reminders run once an hour; an index on status would be the next step at scale.
      const found: ApprovalRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: table,
            FilterExpression: 'recordType = :approval AND #status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':approval': 'approval', ':pending': 'pending' },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        found.push(...(page.Items ?? []).map(fromApprovalItem));
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return found;
    },

    async putRequest(record) {
      await client.send(new PutCommand({ TableName: table, Item: record }));
    },

    async getRequest(tokenHash) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: { pk: requestKey(tokenHash), sk: REQUEST_SK }, ConsistentRead: true }),
      );
      return Item as RequestRecord | undefined;
    },

    claim(key, claim) {
      const update = updateExpression({
        status: 'claimed',
        claimId: claim.claimId,
        claimedBy: claim.approver,
        claimedAt: claim.now.toISOString(),
        claimDecision: claim.decision,
      });
      return conditionalUpdate({
        TableName: table,
        Key: approvalKey(key),
        ...update,
        ConditionExpression:
          '(#status = :pending OR (#status = :claimed AND #claimedAt < :staleBefore)) AND #expiresAt > :claimedAt',
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ':pending': 'pending',
          ':claimed': 'claimed',
          ':staleBefore': claim.staleBefore.toISOString(),
        },
      });
    },

    settle: (key, claimId, settlement) => updateHeldClaim(key, claimId, settlement),

    release: (key, claimId) => updateHeldClaim(key, claimId, { status: 'pending' }),

    async putAudit(record) {
      await client.send(new PutCommand({ TableName: table, Item: record }));
    },
  };
}
