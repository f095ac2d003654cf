import type { ApprovalRecord } from '../src/approvals/approval';
import { decide } from '../src/approvals/decide';
import {
  AlreadyDecidedError,
  CodePipelineUnavailableError,
  DecisionInProgressError,
  ExecutionEndedError,
  NotAuthorisedError,
  RequestClosedError,
  RequestExpiredError,
  RequestNotFoundError,
} from '../src/approvals/errors';
import { hashLinkToken, newLinkToken } from '../src/approvals/link-token';
import { httpStatusOf } from '../src/handlers/page-handler';
import { awsError, fakePipeline, memoryDirectory, memoryStore, OWN_ROLE } from './support/memory-store';
import { approvalRecord, requestRecord } from './support/records';

const now = new Date('2026-11-24T10:00:00.000Z');
const origin = { sourceIp: '203.0.113.9', userAgent: 'Mozilla/5.0', requestId: 'req-1' };

async function setup(overrides: Partial<ApprovalRecord> = {}) {
  const memory = memoryStore();
  const pipeline = fakePipeline();
  const approval = approvalRecord(overrides);
  await memory.store.createApproval(approval);
  const tokens = { mary: newLinkToken(), john: newLinkToken() };
  await memory.store.putRequest(requestRecord(approval, 'mary@example.com', hashLinkToken(tokens.mary)));
  await memory.store.putRequest(requestRecord(approval, 'john@example.com', hashLinkToken(tokens.john)));
  const deps = { store: memory.store, pipeline: pipeline.gateway, directory: memoryDirectory(), ownRoleName: OWN_ROLE };
  const stored = () => memory.approvals.get(approval.pk);
  return { ...memory, pipeline, deps, tokens, approval, stored };
}

describe('decide', () => {
  it('claims, calls CodePipeline once, audits the accepted decision and records it', async () => {
    const { deps, tokens, pipeline, audit, stored } = await setup();

    const made = await decide(deps, tokens.mary, { decision: 'approve', comment: 'ok' }, origin, now);

    expect(made.decision).toBe('approve');
    expect(pipeline.calls).toEqual([{ decision: 'approve', summary: 'Approved by mary@example.com via Runway: ok' }]);
    expect(audit).toEqual([
      expect.objectContaining({
        recordType: 'decision',
        outcome: 'accepted',
        executionId: 'exec-42',
        approver: 'mary@example.com',
        decision: 'approve',
        decidedAt: now.toISOString(),
        comment: 'ok',
        sourceIp: '203.0.113.9',
        userAgent: 'Mozilla/5.0',
        codePipelineResponse: { approvedAt: '2026-11-24T10:00:00.000Z' },
      }),
    ]);
    expect(stored()).toMatchObject({ status: 'approved', decidedBy: 'mary@example.com', decidedAt: now.toISOString() });
    expect(stored()).not.toHaveProperty('claimId');
  });

  it('refuses a second decision with who decided and when, and audits the refusal', async () => {
    const { deps, tokens, pipeline, audit } = await setup();
    await decide(deps, tokens.mary, { decision: 'reject', comment: '' }, origin, now);

    const second = decide(deps, tokens.john, { decision: 'approve', comment: '' }, origin, now);

    await expect(second).rejects.toBeInstanceOf(AlreadyDecidedError);
    await expect(second).rejects.toMatchObject({ decision: 'reject', decidedBy: 'mary@example.com' });
    expect(httpStatusOf(await second.catch((error: unknown) => error))).toBe(409);
    expect(pipeline.calls).toHaveLength(1);
    expect(audit.map((item) => [item.approver, item.outcome, item.reason])).toEqual([
      ['mary@example.com', 'accepted', undefined],
      ['john@example.com', 'refused', 'already-decided'],
    ]);
  });

  it('lets only one of many simultaneous attempts call CodePipeline', async () => {
    const { deps, tokens, pipeline } = await setup();

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        decide(deps, index % 2 ? tokens.mary : tokens.john, { decision: 'approve', comment: '' }, origin, now),
      ),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(pipeline.calls).toHaveLength(1);
  });

  it('answers 404 for an unknown or malformed token, writing nothing', async () => {
    const { deps, audit } = await setup();

    await expect(
      decide(deps, newLinkToken(), { decision: 'approve', comment: '' }, origin, now),
    ).rejects.toBeInstanceOf(RequestNotFoundError);
    await expect(decide(deps, '../etc', { decision: 'approve', comment: '' }, origin, now)).rejects.toBeInstanceOf(
      RequestNotFoundError,
    );
    expect(audit).toEqual([]);
  });

  it('answers 410 after the CodePipeline expiry', async () => {
    const { deps, tokens, pipeline } = await setup({ expiresAt: '2026-11-24T09:59:59.000Z' });

    await expect(decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now)).rejects.toBeInstanceOf(
      RequestExpiredError,
    );
    expect(pipeline.calls).toEqual([]);
  });

  it('refuses while another decision is on its way, but takes over a claim abandoned past its lease', async () => {
    const live = await setup({
      status: 'claimed',
      claimId: 'c1',
      claimedBy: 'john@example.com',
      claimedAt: '2026-11-24T09:59:30.000Z',
    });
    await expect(
      decide(live.deps, live.tokens.mary, { decision: 'approve', comment: '' }, origin, now),
    ).rejects.toBeInstanceOf(DecisionInProgressError);

    const stale = await setup({
      status: 'claimed',
      claimId: 'c1',
      claimedBy: 'john@example.com',
      claimedAt: '2026-11-24T09:58:00.000Z',
    });
    await decide(stale.deps, stale.tokens.mary, { decision: 'approve', comment: '' }, origin, now);
    expect(stale.stored()).toMatchObject({ status: 'approved', decidedBy: 'mary@example.com' });
  });

  it('releases the claim on a transient failure so that a retry succeeds', async () => {
    const { deps, tokens, pipeline, audit, stored } = await setup();
    pipeline.answers.push(() => Promise.reject(awsError('ThrottlingException')));

    await expect(decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now)).rejects.toBeInstanceOf(
      CodePipelineUnavailableError,
    );
    expect(stored()).toMatchObject({ status: 'pending' });

    await decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now);
    expect(stored()).toMatchObject({ status: 'approved' });
    expect(audit.map((item) => item.outcome)).toEqual(['failed', 'accepted']);
  });

  it.each(['ApprovalAlreadyCompletedException', 'InvalidApprovalTokenException'])(
    'closes the request with the reason when CodePipeline answers %s',
    async (code) => {
      const { deps, tokens, pipeline, stored, audit } = await setup();
      pipeline.answers.push(() => Promise.reject(awsError(code)));

      const attempt = decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now);

      await expect(attempt).rejects.toBeInstanceOf(RequestClosedError);
      expect(stored()).toMatchObject({ status: 'closed', closedReason: code });
      expect(audit.map((item) => [item.outcome, item.reason])).toEqual([['closed', code]]);
      await expect(decide(deps, tokens.john, { decision: 'reject', comment: '' }, origin, now)).rejects.toBeInstanceOf(
        RequestClosedError,
      );
      expect(pipeline.calls).toHaveLength(1);
    },
  );

  it('accepts its own decision when CodePipeline recorded it but answered "already completed" on a retry', async () => {
    const { deps, tokens, pipeline, stored } = await setup();
    const summary = 'Approved by mary@example.com via Runway: go';
    pipeline.answers.push(() => Promise.reject(awsError('ApprovalAlreadyCompletedException')));
    pipeline.gateway.current = {
      executionId: 'exec-42',
      execution: {
        token: '1a2b3c4d-573f-4ea7-a67e-0123456789ab',
        summary,
        status: 'Succeeded',
        lastUpdatedBy: `arn:aws:sts::123456789012:assumed-role/${OWN_ROLE}/runway-approval-gateway-test-approvalDecide`,
      },
    };

    await decide(deps, tokens.mary, { decision: 'approve', comment: 'go' }, origin, now);

    expect(stored()).toMatchObject({ status: 'approved', decidedBy: 'mary@example.com' });
  });

  it('does not take a console approval with the same summary for its own: the request is closed, nothing accepted', async () => {
    const { deps, tokens, pipeline, audit, stored } = await setup();
    const summary = 'Approved by mary@example.com via Runway: go';
    pipeline.answers.push(() => Promise.reject(awsError('ApprovalAlreadyCompletedException')));
    pipeline.gateway.current = {
      executionId: 'exec-42',
      execution: {
        token: '1a2b3c4d-573f-4ea7-a67e-0123456789ab',
        summary,
        status: 'Succeeded',
        lastUpdatedBy: 'arn:aws:iam::123456789012:user/bob',
      },
    };

    await expect(decide(deps, tokens.mary, { decision: 'approve', comment: 'go' }, origin, now)).rejects.toThrow(
      RequestClosedError,
    );

    expect(stored()).toMatchObject({ status: 'closed', closedReason: 'ApprovalAlreadyCompletedException' });
    expect(audit.map((item) => item.outcome)).toEqual(['closed']);
  });

  it('refuses an approver who no longer has the role at decision time, calling CodePipeline for nothing', async () => {
    const { deps, tokens, pipeline, audit } = await setup({ role: 'pmo' });

    await expect(decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now)).rejects.toThrow(
      NotAuthorisedError,
    );

    expect(pipeline.calls).toEqual([]);
    expect(audit).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'not-authorised', role: 'pmo' })]);
  });

  it.each(['Superseded', 'Stopped', 'Stopping'])(
    'refuses a decision for an execution that is %s, calling PutApprovalResult for nothing',
    async (status) => {
      const { deps, tokens, pipeline, audit, stored } = await setup();
      pipeline.gateway.facts = { status };

      await expect(decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now)).rejects.toThrow(
        ExecutionEndedError,
      );

      expect(pipeline.calls).toEqual([]);
      expect(stored()).toMatchObject({ status: 'pending' });
      expect(audit).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'execution-ended' })]);
    },
  );

  it('records who the approver is in the directory and the role asked, with the accepted decision', async () => {
    const { deps, tokens, audit } = await setup();

    await decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now);

    expect(audit).toEqual([expect.objectContaining({ outcome: 'accepted', approverId: 'mary', role: 'stakeholder' })]);
  });

  it('resolves the execution id at decision time when the notification could not', async () => {
    const { deps, tokens, audit } = await setup({ pipelineExecutionId: undefined });

    await decide(deps, tokens.mary, { decision: 'approve', comment: '' }, origin, now);

    expect(audit[0]?.executionId).toBe('exec-1');
  });
});
