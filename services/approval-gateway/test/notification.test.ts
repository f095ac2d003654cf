import { loadEvent } from '@test-support/events';
import type { SNSEvent } from 'aws-lambda';
import { parseApprovalNotification } from '../src/approvals/notification';

function sampleMessage(): Record<string, unknown> & { approval: Record<string, unknown> } {
  const event = loadEvent<SNSEvent>('sns', 'codepipeline-approval');
  return JSON.parse(event.Records[0]?.Sns.Message ?? '{}');
}

describe('parseApprovalNotification', () => {
  it('reads the real CodePipeline message', () => {
    expect(parseApprovalNotification(sampleMessage())).toEqual({
      ok: true,
      details: {
        pipelineName: 'runway-prod',
        stageName: 'StakeholderApproval',
        actionName: 'ApproveRelease',
        approvalToken: '1a2b3c4d-573f-4ea7-a67e-0123456789ab',
        expiresAt: '2026-11-30T20:22:00.000Z',
        customData: 'Release 2.4.0 passed QAT. Approve to deploy to production.',
        externalEntityLink: 'https://qat.example.com',
        approvalReviewLink: expect.stringContaining('/approve/1a2b3c4d-573f-4ea7-a67e-0123456789ab'),
      },
    });
  });

  it('treats null optional fields as absent', () => {
    const message = sampleMessage();
    message.approval.customData = null;
    message.approval.externalEntityLink = null;

    const parsed = parseApprovalNotification(message);

    expect(parsed.ok && parsed.details.customData).toBeUndefined();
    expect(parsed.ok && parsed.details.externalEntityLink).toBeUndefined();
  });

  it.each([
    ['no approval', (message: Record<string, unknown>) => delete message.approval],
    ['a token that is not a UUID', (message: { approval: Record<string, unknown> }) => (message.approval.token = 'x')],
    [
      'a pipeline name with markup',
      (message: { approval: Record<string, unknown> }) => (message.approval.pipelineName = '<b>'),
    ],
    [
      'an expiry that is not a date',
      (message: { approval: Record<string, unknown> }) => (message.approval.expires = 'soon'),
    ],
    ['no stage', (message: { approval: Record<string, unknown> }) => delete message.approval.stageName],
  ])('reports the problems of a message with %s', (_label, spoil) => {
    const message = sampleMessage();
    spoil(message);

    const parsed = parseApprovalNotification(message);

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.length).toBeGreaterThan(0);
  });

  it('reports a message that is not an object', () => {
    expect(parseApprovalNotification('hello').ok).toBe(false);
    expect(parseApprovalNotification(null).ok).toBe(false);
  });
});
