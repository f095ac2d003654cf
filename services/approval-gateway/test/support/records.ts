import type { ApprovalRecord, RequestRecord } from '../../src/approvals/approval';
import { requestFor } from '../../src/approvals/notify-approvers';

/** A pending approval as the notification stores it. */
export function approvalRecord(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    pk: 'approval#1a2b3c4d-573f-4ea7-a67e-0123456789ab',
    sk: 'approval',
    recordType: 'approval',
    pipelineName: 'runway-prod',
    stageName: 'StakeholderApproval',
    actionName: 'ApproveRelease',
    approvalToken: '1a2b3c4d-573f-4ea7-a67e-0123456789ab',
    expiresAt: '2026-11-30T20:22:00.000Z',
    customData: '[role:stakeholder] Release 2.4.0 passed QAT.',
    role: 'stakeholder',
    revision: { commitId: 'abc123def456', message: 'Release 2.4.0' },
    amiId: 'ami-0123456789abcdef0',
    externalEntityLink: 'https://qat.example.com',
    pipelineExecutionId: 'exec-42',
    approvers: ['mary@example.com', 'john@example.com'],
    notified: [],
    status: 'pending',
    createdAt: '2026-11-23T20:22:41.000Z',
    ttl: 1_800_000_000,
    ...overrides,
  };
}

/** The request the notification stores for `approver` (the production builder, dated like the approval). */
export function requestRecord(approval: ApprovalRecord, approver: string, tokenHash: string): RequestRecord {
  return requestFor(approval, approver, tokenHash, new Date(approval.createdAt));
}
