import type { GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import type { ApprovalDetails } from '../src/approvals/approval';
import { executionFacts, findApprovalAction } from '../src/approvals/code-pipeline';

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

describe('executionFacts', () => {
  const execution = (revisionSummary: string, amiId = 'ami-0123456789abcdef0') => ({
    pipelineExecution: {
      status: 'InProgress' as const,
      artifactRevisions: [{ name: 'Source', revisionId: 'abc123', revisionSummary }],
      variables: [{ name: 'AMI_ID', resolvedValue: amiId }],
    },
  });

  it('reads the commit message of a GitHub revision, whose summary is JSON', () => {
    expect(executionFacts(execution('{"ProviderType":"GitHub","CommitMessage":"Release 2.5.0"}'))).toEqual({
      status: 'InProgress',
      revision: { commitId: 'abc123', message: 'Release 2.5.0' },
      amiId: 'ami-0123456789abcdef0',
    });
  });

  it('takes a CodeCommit summary as the message, and no AMI while the variable is unset', () => {
    expect(executionFacts(execution('Release 2.5.0', 'unset'))).toEqual({
      status: 'InProgress',
      revision: { commitId: 'abc123', message: 'Release 2.5.0' },
    });
  });
});
