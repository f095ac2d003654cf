import { hashLinkToken } from '../src/approvals/link-token';
import { notifyApprovers } from '../src/approvals/notify-approvers';
import { fakePipeline, memoryDirectory, memoryMailer, memoryStore } from './support/memory-store';

const now = new Date('2026-11-24T10:00:00.000Z');
const details = {
  pipelineName: 'runway-prod',
  stageName: 'StakeholderApproval',
  actionName: 'ApproveRelease',
  approvalToken: '1a2b3c4d-573f-4ea7-a67e-0123456789ab',
  expiresAt: '2026-11-30T20:22:00.000Z',
  customData: '[role:stakeholder] Release 2.4.0',
};

function setup(extraPeople: Record<string, unknown>[] = []) {
  const memory = memoryStore();
  const mail = memoryMailer();
  const pipeline = fakePipeline({ executionId: 'exec-42' });
  let counter = 0;
  const deps = {
    store: memory.store,
    pipeline: pipeline.gateway,
    mailer: mail.mailer,
    directory: memoryDirectory(extraPeople),
    publicBaseUrl: 'https://approvals.example.com',
    newToken: () => `token-${++counter}`.padEnd(43, 'x'),
  };
  return { ...memory, ...mail, pipeline, deps };
}

describe('notifyApprovers', () => {
  it('creates one request per approver, keyed by the hash of a token mailed to that approver only', async () => {
    const { deps, sent, requests, approvals } = setup();

    const result = await notifyApprovers(deps, details, now);

    expect(result).toEqual({ status: 'sent', sent: ['mary@example.com', 'john@example.com'] });
    expect(sent.map((email) => email.to)).toEqual(['mary@example.com', 'john@example.com']);
    const token = 'token-1'.padEnd(43, 'x');
    expect(sent[0]?.text).toContain(`https://approvals.example.com/approvals/${token}`);
    expect(requests.get(`request#${hashLinkToken(token)}`)).toMatchObject({ approver: 'mary@example.com' });
    expect(JSON.stringify([...requests.values(), ...approvals.values()])).not.toContain(token);
    expect([...approvals.values()][0]).toMatchObject({ pipelineExecutionId: 'exec-42', status: 'pending' });
  });

  it('mails only the approvers not reached yet when the notification comes again', async () => {
    const { deps, sent } = setup();
    const failing = {
      ...deps,
      mailer: { send: jest.fn().mockResolvedValueOnce(undefined).mockRejectedValue(new Error('SES down')) },
    };
    await expect(notifyApprovers(failing, details, now)).rejects.toThrow('SES down');

    const retry = await notifyApprovers(deps, details, now);

    expect(retry).toEqual({ status: 'sent', sent: ['john@example.com'] });
    expect(sent.map((email) => email.to)).toEqual(['john@example.com']);
    expect(await notifyApprovers(deps, details, now)).toEqual({ status: 'sent', sent: [] });
  });

  it('sends nothing for an approval that has already expired', async () => {
    const { deps, sent } = setup();

    const result = await notifyApprovers(deps, { ...details, expiresAt: '2026-11-24T09:00:00.000Z' }, now);

    expect(result.status).toBe('skipped');
    expect(sent).toEqual([]);
  });

  it('asks only the people of the role the action names', async () => {
    const { deps, sent, approvals } = setup([
      { id: 'quinn', name: 'Quinn', email: 'quinn@example.com', roles: ['qc'] },
      { id: 'jane', name: 'Jane', email: 'jane@example.com', roles: ['qc', 'pmo'] },
    ]);

    const result = await notifyApprovers(deps, { ...details, customData: '[role:qc] QC: AMI ami-1 on QAT' }, now);

    expect(result).toEqual({ status: 'sent', sent: ['quinn@example.com', 'jane@example.com'] });
    expect(sent.map((email) => email.to)).toEqual(['quinn@example.com', 'jane@example.com']);
    expect([...approvals.values()][0]).toMatchObject({
      role: 'qc',
      approvers: ['quinn@example.com', 'jane@example.com'],
    });
  });

  it.each([
    ['names no role', 'Release 2.4.0', 'the approval names no role ([role:<role>] at the start of its CustomData)'],
    ['names a role nobody has', '[role:security] Release 2.4.0', 'nobody in the approver directory has role security'],
  ])('asks nobody when the action %s', async (_story, customData, reason) => {
    const { deps, sent, approvals } = setup();

    expect(await notifyApprovers(deps, { ...details, customData }, now)).toEqual({ status: 'skipped', reason });
    expect(sent).toEqual([]);
    expect(approvals.size).toBe(0);
  });

  it('stores and mails the commit and AMI the execution releases', async () => {
    const { deps, sent, approvals } = setup();

    await notifyApprovers(deps, details, now);

    expect([...approvals.values()][0]).toMatchObject({
      revision: { commitId: 'abc123def456', message: 'Release 2.4.0' },
      amiId: 'ami-0123456789abcdef0',
    });
    for (const part of [sent[0]?.text ?? '', sent[0]?.html ?? '']) {
      expect(part).toContain('abc123def456');
      expect(part).toContain('ami-0123456789abcdef0');
      expect(part).toContain('stakeholder');
    }
  });

  it('still mails when GetPipelineState fails; the execution id is resolved later', async () => {
    const { deps, sent, approvals } = setup();
    deps.pipeline.approvalState = () => Promise.reject(new Error('throttled'));

    await notifyApprovers(deps, details, now);

    expect(sent).toHaveLength(2);
    expect([...approvals.values()][0]?.pipelineExecutionId).toBeUndefined();
  });
});
