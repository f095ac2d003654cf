import type { GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import type { ApprovalDetails } from '../../src/approvals/approval';
import { findApprovalAction } from '../../src/approvals/code-pipeline';

const approval: ApprovalDetails = {
  pipelineName: 'runway-prod',
  stageName: 'StakeholderApproval',
  actionName: 'ApproveRelease',
  approvalToken: '1a2b3c4d-573f-4ea7-a67e-0123456789ab',
  expiresAt: '2026-11-30T20:22:00.000Z',
};

const state = (token: string): GetPipelineStateOutput => ({
  pipelineName: 'runway-prod',
  stageStates: [
    {
      stageName: 'Source',
      latestExecution: { pipelineExecutionId: 'exec-old', status: 'Succeeded' },
      actionStates: [{ actionName: 'Checkout', latestExecution: { status: 'Succeeded' } }],
    },
    {
      stageName: 'StakeholderApproval',
      latestExecution: { pipelineExecutionId: 'exec-42', status: 'InProgress' },
      actionStates: [{ actionName: 'ApproveRelease', latestExecution: { status: 'InProgress', token } }],
    },
  ],
});

describe('findApprovalAction', () => {
  it('finds the execution waiting at the approval by its token', () => {
    const found = findApprovalAction(state(approval.approvalToken), approval);

    expect(found.executionId).toBe('exec-42');
    expect(found.execution?.status).toBe('InProgress');
  });

  it('finds nothing when the action holds another token (a newer run)', () => {
    expect(findApprovalAction(state('00000000-0000-0000-0000-000000000000'), approval)).toEqual({});
  });

  it('finds nothing in an empty state', () => {
    expect(findApprovalAction({}, approval)).toEqual({});
  });
});
