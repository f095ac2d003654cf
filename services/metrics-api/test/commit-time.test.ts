import type { CodePipelineClient, GetPipelineExecutionOutput } from '@aws-sdk/client-codepipeline';
import { commitTimeOf, pipelineCommitTime } from '../src/delivery/commit-time';
import {
  countedValue,
  deploymentOutcome,
  type ExecutionItem,
  parseCounted,
  toRelease,
} from '../src/delivery/execution';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3600;

/** A release started 09:00, QC asked 10:00, decided 11:00, PMO decided 12:00, deployed 12:30. */
const release = (overrides: Partial<ExecutionItem> = {}): ExecutionItem => ({
  executionId: 'exec-1',
  pipeline: 'runway-dev-ami-production',
  commitId: 'c0ffee',
  'p:STARTED': at('2026-11-30T09:00:00Z'),
  'ac:Approval:QCApproval': 'Approval',
  'a:Approval:QCApproval:STARTED': at('2026-11-30T10:00:00Z'),
  'a:Approval:QCApproval:SUCCEEDED': at('2026-11-30T11:00:00Z'),
  'ac:Approval:PMOApproval': 'Approval',
  'a:Approval:PMOApproval:STARTED': at('2026-11-30T11:00:00Z'),
  'a:Approval:PMOApproval:SUCCEEDED': at('2026-11-30T12:00:00Z'),
  's:DeployProduction:SUCCEEDED': at('2026-11-30T12:30:00Z'),
  ...overrides,
});

const revisions = (...list: { revisionId?: string; created?: string }[]): GetPipelineExecutionOutput => ({
  pipelineExecution: {
    artifactRevisions: list.map(({ revisionId, created }) => ({
      name: 'Source',
      ...(revisionId === undefined ? {} : { revisionId }),
      ...(created === undefined ? {} : { created: new Date(created) }),
    })),
  },
});

describe("the released commit's time", () => {
  it('is the dated revision whose id is the Source action’s commit, else the newest dated one', () => {
    const output = revisions(
      { revisionId: 'aaa', created: '2026-11-30T07:00:00Z' },
      { revisionId: 'bbb', created: '2026-11-30T08:00:00Z' },
      { revisionId: 'ccc' },
    );

    expect(commitTimeOf(output, 'aaa')).toEqual({ committedAt: at('2026-11-30T07:00:00Z'), revisionId: 'aaa' });
    expect(commitTimeOf(output, 'ccc')).toEqual({ committedAt: at('2026-11-30T08:00:00Z'), revisionId: 'bbb' });
    expect(commitTimeOf(output)).toEqual({ committedAt: at('2026-11-30T08:00:00Z'), revisionId: 'bbb' });
    expect(commitTimeOf(revisions({ revisionId: 'ccc' }))).toBeUndefined();
    expect(commitTimeOf({})).toBeUndefined();
  });

  it('starts the lead time at the commit, the wait before the start counted in build & QAT', () => {
    const outcome = deploymentOutcome(release({ committedAt: at('2026-11-30T08:00:00Z') }), 'DeployProduction');
    if (outcome === undefined) throw new Error('no outcome');

    expect(outcome.parts).toEqual({
      buildAndQat: 2 * HOUR,
      waitingForQc: HOUR,
      waitingForPmo: HOUR,
      productionDeploy: HOUR / 2,
    });
    expect(parseCounted('p', 'e', countedValue(outcome))?.leadSeconds).toBe(4.5 * HOUR);
    expect(toRelease(release({ committedAt: at('2026-11-30T08:00:00Z') }), outcome, undefined)).toMatchObject({
      committedAt: '2026-11-30T08:00:00.000Z',
      startedAt: '2026-11-30T09:00:00.000Z',
      leadTimeSeconds: 4.5 * HOUR,
    });
  });

  it('leaves the lead time at the execution’s start when the commit time is unknown or after the start', () => {
    for (const item of [release(), release({ committedAt: at('2026-11-30T09:30:00Z') })]) {
      const outcome = deploymentOutcome(item, 'DeployProduction');
      if (outcome === undefined) throw new Error('no outcome');
      const listed = toRelease(item, outcome, undefined);

      expect(listed.leadTimeSeconds).toBe(3.5 * HOUR);
      expect(listed.committedAt).toBeUndefined();
      expect(outcome.parts?.buildAndQat).toBe(HOUR);
    }
  });
});

describe('asking CodePipeline for the commit time', () => {
  const clientAnswering = (answer: () => Promise<unknown>) =>
    ({ send: jest.fn(answer) }) as unknown as CodePipelineClient & { send: jest.Mock };
  const failing = (name: string) => async () => {
    const error = new Error(name);
    error.name = name;
    throw error;
  };

  it('asks GetPipelineExecution of that execution and reads the revision’s time', async () => {
    const client = clientAnswering(async () => revisions({ revisionId: 'c0ffee', created: '2026-11-30T08:00:00Z' }));

    const found = await pipelineCommitTime(client)('runway-dev-ami-production', 'exec-1', {
      commitId: 'c0ffee',
      executionEnded: false,
    });

    expect(found).toEqual({ committedAt: at('2026-11-30T08:00:00Z'), revisionId: 'c0ffee' });
    expect(client.send.mock.calls[0]?.[0].input).toEqual({
      pipelineName: 'runway-dev-ami-production',
      pipelineExecutionId: 'exec-1',
    });
  });

  it('keeps a lasting refusal (not found, not allowed) and asks again after a passing one', async () => {
    const lookup = (name: string) =>
      pipelineCommitTime(clientAnswering(failing(name)))('other-team-pipeline', 'exec-1', { executionEnded: false });

    await expect(lookup('AccessDeniedException')).resolves.toEqual({ unknown: 'AccessDeniedException', retry: false });
    await expect(lookup('PipelineExecutionNotFoundException')).resolves.toMatchObject({ retry: false });
    await expect(lookup('ThrottlingException')).resolves.toEqual({ unknown: 'ThrottlingException', retry: true });
  });

  it('asks again while an execution runs without a dated revision, not once it has ended', async () => {
    const undated = clientAnswering(async () => revisions({ revisionId: 'c0ffee' }));
    const ask = (executionEnded: boolean) => pipelineCommitTime(undated)('p', 'e', { executionEnded });

    await expect(ask(false)).resolves.toMatchObject({ retry: true });
    await expect(ask(true)).resolves.toMatchObject({ retry: false });
  });
});
