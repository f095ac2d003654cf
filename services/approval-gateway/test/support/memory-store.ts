import { parseApproverDirectory } from '@shared/approvals/approver-directory';
import type { DirectorySource } from '@shared/approvals/directory-parameter';
import type { Email, Mailer } from '@shared/mail/mailer';
import type { ApprovalRecord, AuditRecord, RequestRecord } from '../../src/approvals/approval';
import type { ApprovalStore } from '../../src/approvals/approval-store';
import type { ApprovalActionState, ExecutionFacts, PipelineGateway } from '../../src/approvals/code-pipeline';

const CLAIM_FIELDS = ['claimId', 'claimedBy', 'claimedAt', 'claimDecision'] as const;

/** The DynamoDB store's conditions, on maps: enough to test the logic without AWS. */
export function memoryStore() {
  const approvals = new Map<string, ApprovalRecord>();
  const requests = new Map<string, RequestRecord>();
  const audit: AuditRecord[] = [];
  const dropClaim = (record: ApprovalRecord) => {
    const copy: Record<string, unknown> = { ...record };
    for (const field of CLAIM_FIELDS) delete copy[field];
    return copy as unknown as ApprovalRecord;
  };
  const store: ApprovalStore = {
    async createApproval(record) {
      if (approvals.has(record.pk)) return false;
      approvals.set(record.pk, structuredClone(record));
      return true;
    },
    async getApproval(key) {
      const record = approvals.get(key);
      return record && structuredClone(record);
    },
    async markNotified(key, approver, list = 'notified') {
      const record = approvals.get(key);
      if (record === undefined) return;
      const entries = record[list] ?? [];
      if (!entries.includes(approver)) record[list] = [...entries, approver];
    },
    async listPendingApprovals() {
      return [...approvals.values()]
        .filter((record) => record.status === 'pending')
        .map((record) => structuredClone(record));
    },
    async putRequest(record) {
      requests.set(record.pk, structuredClone(record));
    },
    async getRequest(tokenHash) {
      return requests.get(`request#${tokenHash}`);
    },
    async claim(key, claim) {
      const record = approvals.get(key);
      if (record === undefined) return false;
      const now = claim.now.toISOString();
      const open =
        record.status === 'pending' ||
        (record.status === 'claimed' && (record.claimedAt ?? '') < claim.staleBefore.toISOString());
      if (!open || record.expiresAt <= now) return false;
      Object.assign(record, { status: 'claimed', claimId: claim.claimId, claimedBy: claim.approver, claimedAt: now });
      return true;
    },
    async settle(key, claimId, settlement) {
      const record = approvals.get(key);
      if (record?.claimId !== claimId) return false;
      approvals.set(key, { ...dropClaim(record), ...settlement });
      return true;
    },
    async release(key, claimId) {
      const record = approvals.get(key);
      if (record?.claimId !== claimId) return false;
      approvals.set(key, { ...dropClaim(record), status: 'pending' });
      return true;
    },
    async putAudit(record) {
      audit.push(structuredClone(record));
    },
  };
  return { store, approvals, requests, audit };
}

/** A CodePipeline that records PutApprovalResult calls and answers what the test says. */
export function fakePipeline(
  state: ApprovalActionState = { executionId: 'exec-1' },
  facts: ExecutionFacts = {
    status: 'InProgress',
    revision: { commitId: 'abc123def456', message: 'Release 2.4.0' },
    amiId: 'ami-0123456789abcdef0',
  },
) {
  const calls: { decision: string; summary: string }[] = [];
  const answers: (() => Promise<{ approvedAt?: string }>)[] = [];
  const gateway: PipelineGateway & { current: ApprovalActionState; facts: ExecutionFacts } = {
    current: state,
    facts,
    async approvalState() {
      return gateway.current;
    },
    async execution() {
      return gateway.facts;
    },
    async putApprovalResult(_approval, decision, summary) {
      calls.push({ decision, summary });
      const answer = answers.shift();
      return answer ? answer() : { approvedAt: '2026-11-24T10:00:00.000Z' };
    },
  };
  return { gateway, calls, answers };
}

/** The role name the decide function runs with in these tests. */
export const OWN_ROLE = 'runway-approval-gateway-test-decide-us-east-1';

/** A directory source with Mary and John as stakeholders (and `extra` people). */
export function memoryDirectory(extra: Record<string, unknown>[] = []): DirectorySource {
  const directory = parseApproverDirectory({
    people: [
      { id: 'mary', name: 'Mary Major', email: 'mary@example.com', roles: ['stakeholder'] },
      { id: 'john', name: 'John Minor', email: 'john@example.com', roles: ['stakeholder'] },
      ...extra,
    ],
  });
  return async () => directory;
}

/** An AWS SDK-style error: the service's error code is its `name`. */
export function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

export function memoryMailer() {
  const sent: Email[] = [];
  const mailer: Mailer = {
    async send(email) {
      sent.push(email);
    },
  };
  return { mailer, sent };
}
