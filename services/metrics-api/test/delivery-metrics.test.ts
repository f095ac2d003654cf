import { loadEvent } from '@test-support/events';
import { failureRateBand, frequencyBand, leadTimeBand, recoveryBand } from '../src/delivery/bands';
import { pipelineChange } from '../src/delivery/delivery-change';
import {
  type CountedDeployment,
  countedValue,
  deploymentOutcome,
  type ExecutionItem,
  parseCounted,
} from '../src/delivery/execution';
import validateCodeDeploy from '../src/delivery/generated/codedeploy-event';
import validateCodePipeline from '../src/delivery/generated/codepipeline-event';
import { hoursPerRelease, projectHours } from '../src/delivery/hours';
import { deliveryMetrics, percentile } from '../src/delivery/metrics';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3600;

/** A production AMI release as its events leave it: started, QC, PMO, deployed. */
function release(overrides: Partial<ExecutionItem> = {}): ExecutionItem {
  return {
    executionId: 'exec-1',
    pipeline: 'app-production',
    'p:STARTED': at('2026-11-30T09:00:00Z'),
    'ac:Approval:QCApproval': 'Approval',
    'a:Approval:QCApproval:STARTED': at('2026-11-30T10:00:00Z'),
    'a:Approval:QCApproval:SUCCEEDED': at('2026-11-30T11:30:00Z'),
    'ac:Approval:PMOApproval': 'Approval',
    'a:Approval:PMOApproval:STARTED': at('2026-11-30T11:30:00Z'),
    'a:Approval:PMOApproval:SUCCEEDED': at('2026-11-30T13:00:00Z'),
    's:DeployProduction:STARTED': at('2026-11-30T13:01:00Z'),
    's:DeployProduction:SUCCEEDED': at('2026-11-30T13:10:00Z'),
    ...overrides,
  };
}

const deployment = (
  fields: Partial<CountedDeployment> & Pick<CountedDeployment, 'at' | 'deployed' | 'failed'>,
): CountedDeployment => ({ pipeline: 'app-production', executionId: `e-${fields.at}`, ...fields });
const base = Date.parse('2026-11-02T00:00:00Z') / 1000;

describe('a production deployment derived from its execution', () => {
  it('splits the lead time into build & QAT, waiting for QC, waiting for PMO and production deploy', () => {
    const outcome = deploymentOutcome(release(), 'DeployProduction');

    expect(outcome?.succeeded).toBe(true);
    expect(outcome?.parts).toEqual({
      buildAndQat: 1 * HOUR,
      waitingForQc: 1.5 * HOUR,
      waitingForPmo: 1.5 * HOUR,
      productionDeploy: 10 * 60,
    });
    expect(outcome?.approvals).toEqual([
      { role: 'qc', waitSeconds: 1.5 * HOUR },
      { role: 'pmo', waitSeconds: 1.5 * HOUR },
    ]);
  });

  it('is the same whichever order the events arrived in: a success recorded before its start still starts at STARTED', () => {
    const item = release();
    const reordered = Object.fromEntries(Object.entries(item).reverse()) as ExecutionItem;

    expect(deploymentOutcome(reordered, 'DeployProduction')).toEqual(deploymentOutcome(item, 'DeployProduction'));
  });

  it('is not a deployment until the deploy stage has ended', () => {
    expect(
      deploymentOutcome(release({ 's:DeployProduction:SUCCEEDED': undefined }), 'DeployProduction'),
    ).toBeUndefined();
  });

  it('fails when the deploy stage failed, and succeeds when a retry of it succeeded later', () => {
    const failed = release({
      's:DeployProduction:SUCCEEDED': undefined,
      's:DeployProduction:FAILED': at('2026-11-30T13:10:00Z'),
    });
    const retried = release({ 's:DeployProduction:FAILED': at('2026-11-30T13:05:00Z') });

    expect(deploymentOutcome(failed, 'DeployProduction')).toMatchObject({ succeeded: false, cause: 'deploy-failed' });
    expect(deploymentOutcome(retried, 'DeployProduction')).toMatchObject({ succeeded: true });
  });

  it('counts as rolled back when its CodeDeploy deployment failed or was stopped', () => {
    const item = release({ 'ad:d-ABC': 'DeployProduction', 'cd:d-ABC:FAILURE': at('2026-11-30T13:09:00Z') });

    expect(deploymentOutcome(item, 'DeployProduction')).toMatchObject({ succeeded: false, cause: 'rolled-back' });
  });

  it('names the approvers the audit gave it', () => {
    const item = release({
      approvers: { 'Approval:QCApproval': { approver: 'qc.lead@example.com', decidedAt: '2026-11-30T11:30:00.000Z' } },
    });

    expect(deploymentOutcome(item, 'DeployProduction')?.approvals[0]).toEqual({
      role: 'qc',
      approver: 'qc.lead@example.com',
      decidedAt: '2026-11-30T11:30:00.000Z',
      waitSeconds: 1.5 * HOUR,
    });
  });

  it('round-trips through the day aggregate value: a marked success still deployed, and failed', () => {
    const marked = deploymentOutcome(
      release({ failureMark: { note: 'broke login', by: 'M', at: 'x' } }),
      'DeployProduction',
    );
    if (marked === undefined) throw new Error('no outcome');
    const value = countedValue(marked);

    expect(parseCounted('p', 'e', value)).toMatchObject({ deployed: true, failed: true, leadSeconds: 4 * HOUR + 600 });
    expect(parseCounted('p', 'e', 'garbage')).toBeUndefined();
  });
});

describe('the CodePipeline events as fixtures', () => {
  it('accepts the documented shapes and turns an action change into its attribute', () => {
    const action = loadEvent('delivery', 'action-execution-codedeploy-succeeded');
    expect(validateCodePipeline(action)).toBe(true);
    expect(validateCodeDeploy(loadEvent('delivery', 'codedeploy-deployment-failure'))).toBe(true);
    if (!validateCodePipeline(action)) return;

    expect(pipelineChange(action)).toMatchObject({
      attribute: 'a:DeployProduction:DeployProduction:SUCCEEDED',
      deploymentId: 'd-EXAMPLE11',
      extra: { 'ac:DeployProduction:DeployProduction': 'Deploy', 'ad:d-EXAMPLE11': 'DeployProduction' },
      final: true,
    });
  });

  it('refuses an event without an execution id, or of another detail-type', () => {
    const noId = loadEvent<{ detail: Record<string, unknown> }>('delivery', 'stage-execution-succeeded');
    delete noId.detail['execution-id'];
    const other = {
      ...loadEvent('delivery', 'stage-execution-succeeded'),
      'detail-type': 'CodePipeline Something Else',
    };

    expect(validateCodePipeline(noId)).toBe(false);
    expect(validateCodePipeline(other)).toBe(false);
  });
});

describe('the four keys', () => {
  it('with no deployments: zero frequency, no lead time, no failure rate, no recovery', () => {
    const metrics = deliveryMetrics('2026-11-02', '2026-11-29', ['app-production'], []);

    expect(metrics.deploymentFrequency).toEqual({ deployments: 0, perDay: 0, perWeek: 0, band: 'low' });
    expect(metrics.leadTime).toMatchObject({ count: 0, medianSeconds: null, band: null });
    expect(metrics.changeFailureRate).toEqual({ deployments: 0, failures: 0, rate: null, band: null });
    expect(metrics.recoveryTime).toMatchObject({ recovered: 0, medianSeconds: null, unrecovered: [] });
    expect(metrics.weeks).toHaveLength(4);
  });

  it('counts successes per day and week, and failed deployments only in the failure rate', () => {
    const deployments = [
      deployment({ at: base + 3600, deployed: true, failed: false, leadSeconds: 7200 }),
      deployment({ at: base + 7200, deployed: false, failed: true }),
      deployment({ at: base + 86_400, deployed: true, failed: false, leadSeconds: 3600 }),
      deployment({ at: base + 2 * 86_400, deployed: true, failed: true, leadSeconds: 600 }),
    ];

    const metrics = deliveryMetrics('2026-11-02', '2026-11-08', ['app-production'], deployments);

    expect(metrics.deploymentFrequency).toMatchObject({ deployments: 3, perWeek: 3, band: 'high' });
    expect(metrics.changeFailureRate).toMatchObject({ deployments: 4, failures: 2, rate: 0.5, band: 'low' });
    expect(metrics.leadTime).toMatchObject({ count: 3, medianSeconds: 3600, p90Seconds: 7200, band: 'elite' });
  });

  it('recovers a run of failures at the next good deployment of the same pipeline, from the first failure', () => {
    const deployments = [
      deployment({ at: base, deployed: false, failed: true }),
      deployment({ at: base + 600, deployed: false, failed: true }),
      deployment({ pipeline: 'other', at: base + 900, deployed: true, failed: false }),
      deployment({ at: base + 1800, deployed: true, failed: false }),
    ];

    const { recoveryTime } = deliveryMetrics('2026-11-02', '2026-11-02', ['app-production', 'other'], deployments);

    expect(recoveryTime).toMatchObject({ recovered: 1, medianSeconds: 1800, unrecovered: [], band: 'elite' });
  });

  it('lists a failure with no recovery yet as unrecovered, and gives no recovery time', () => {
    const deployments = [
      deployment({ at: base, deployed: true, failed: false }),
      deployment({ at: base + 600, executionId: 'broken', deployed: false, failed: true }),
    ];

    const { recoveryTime } = deliveryMetrics('2026-11-02', '2026-11-02', ['app-production'], deployments);

    expect(recoveryTime.medianSeconds).toBeNull();
    expect(recoveryTime.unrecovered).toEqual([
      { pipeline: 'app-production', executionId: 'broken', failedAt: new Date((base + 600) * 1000).toISOString() },
    ]);
  });

  it('puts a deployment at 23:59 on Sunday in its week and one at 00:00 on Monday in the next', () => {
    const sunday = Date.parse('2026-11-08T23:59:00Z') / 1000;
    const monday = Date.parse('2026-11-09T00:00:00Z') / 1000;
    const deployments = [
      deployment({ at: sunday, deployed: true, failed: false, leadSeconds: 60 }),
      deployment({ at: monday, deployed: true, failed: false, leadSeconds: 60 }),
    ];

    const { weeks } = deliveryMetrics('2026-11-02', '2026-11-15', ['app-production'], deployments);

    expect(weeks.map((week) => [week.week, week.deployments])).toEqual([
      ['2026-11-02', 1],
      ['2026-11-09', 1],
    ]);
  });

  it('has the nearest-rank percentiles', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("DORA's bands", () => {
  it.each([
    [2, 'elite'],
    [1, 'elite'],
    [1 / 7, 'high'],
    [1 / 30, 'medium'],
    [1 / 31, 'low'],
  ] as const)('a deployment frequency of %d a day is %s', (perDay, band) => {
    expect(frequencyBand(perDay)).toBe(band);
  });

  it('bands lead time, failure rate and recovery at their thresholds', () => {
    expect([
      leadTimeBand(86_399),
      leadTimeBand(86_400),
      leadTimeBand(7 * 86_400 + 1),
      leadTimeBand(31 * 86_400),
    ]).toEqual(['elite', 'high', 'medium', 'low']);
    expect([failureRateBand(0.05), failureRateBand(0.1), failureRateBand(0.15), failureRateBand(0.16)]).toEqual([
      'elite',
      'high',
      'medium',
      'low',
    ]);
    expect([recoveryBand(3599), recoveryBand(3600), recoveryBand(86_400), recoveryBand(8 * 86_400)]).toEqual([
      'elite',
      'high',
      'medium',
      'low',
    ]);
  });
});

describe('hours per release', () => {
  const records = [
    { date: '2026-11-01', hours: 3, activity: 'Build' },
    { date: '2026-11-02', hours: 4, activity: 'Build' },
    { date: '2026-11-03', hours: 2, activity: 'Incident response' },
    { date: '2026-11-05', hours: 5, activity: 'Rollback' },
  ];

  it('gives each release the hours after the previous release day up to its own', () => {
    const perRelease = hoursPerRelease(
      [
        { executionId: 'r2', day: '2026-11-03' },
        { executionId: 'r1', day: '2026-11-01' },
        { executionId: 'r3', day: '2026-11-05' },
      ],
      undefined,
      records,
    );

    expect([...perRelease.entries()]).toEqual([
      ['r1', null],
      ['r2', 6],
      ['r3', 5],
    ]);
  });

  it('starts from the release before the period, and gives a second release of the same day nothing', () => {
    const perRelease = hoursPerRelease(
      [
        { executionId: 'a', day: '2026-11-02' },
        { executionId: 'b', day: '2026-11-02' },
      ],
      '2026-10-31',
      records,
    );

    expect(perRelease.get('a')).toBe(7);
    expect(perRelease.get('b')).toBe(0);
  });

  it('counts incident and rollback hours as recovering', () => {
    expect(projectHours(records, '2026-11-02', '2026-11-30')).toEqual({ hours: 11, hoursRecovering: 7 });
  });
});
