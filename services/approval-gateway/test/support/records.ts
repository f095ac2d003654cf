import type { ApprovalRecord, RequestRecord } from '../../src/approvals/approval';

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
    customData: 'Release 2.4.0 passed QAT.',
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

export function requestRecord(approval: ApprovalRecord, approver: string, tokenHash: string): RequestRecord {
  return {
    pk: `request#${tokenHash}`,
    sk: 'request',
    recordType: 'request',
    approvalKey: approval.pk,
    approver,
    pipelineName: approval.pipelineName,
    stageName: approval.stageName,
    actionName: approval.actionName,
    expiresAt: approval.expiresAt,
    createdAt: approval.createdAt,
    ttl: approval.ttl,
  };
}
