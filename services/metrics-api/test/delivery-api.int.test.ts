import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { codePipelineControl } from '@test-support/codepipeline-fake';
import {
  codeDeployEvent,
  type DeliveryEvent,
  deployActionEvent,
  releaseEvents,
  sendDeliveryEvent,
} from '@test-support/delivery-events';
import { batchWrite, deliveryHistory } from '@test-support/delivery-history';
import type { DeliveryMetrics, PipelineList, PipelineSetting, Release, ReleaseList } from '../src/contracts';
import { type Client, closeDynamo, newEngineer, newManager, unique } from './support/api';
import { closeLocalDynamo, localDynamo } from './support/weeks';

interface ErrorBody {
  errors: { field: string; problem: string }[];
}

const stage = () => process.env.RUNWAY_STAGE ?? 'test';
const lambdaUrl = () => {
  const url = process.env.RUNWAY_METRICS_API_LAMBDA_URL;
  if (!url) throw new Error('RUNWAY_METRICS_API_LAMBDA_URL is not set: run integration tests through jest');
  return url;
};
const send = (event: DeliveryEvent) => sendDeliveryEvent(lambdaUrl(), stage(), event);
const DAY = 86_400_000;
/** Midnight UTC `days` ago: releases in the recent past, so hours can be recorded on their days. */
const daysAgo = (days: number, hour = 0) =>
  new Date(Math.floor(Date.now() / DAY) * DAY - days * DAY + hour * 3_600_000);
const day = (date: Date) => date.toISOString().slice(0, 10);

/** A release whose steps are hours after midnight of `days` ago: started 1:00, QC 2:00–3:00, PMO –5:00, deployed `deployHour`. */
function timesOf(days: number, deployHour = 6) {
  return {
    started: daysAgo(days, 1),
    qcAsked: daysAgo(days, 2),
    qcDecided: daysAgo(days, 3),
    pmoDecided: daysAgo(days, 5),
    deployed: daysAgo(days, deployHour),
  };
}

let manager: Client;
afterAll(() => {
  closeDynamo();
  closeLocalDynamo();
});

/** A catalogue project and a production pipeline mapped to it, unique to the test. */
async function mappedPipeline(): Promise<{ pipeline: string; projectId: string; project: string; customer: string }> {
  manager = newManager('Maya Manager');
  const customer = await manager.postJson<{ id: string; name: string }>('/catalogue/customers', {
    name: unique('Acme'),
  });
  const project = await manager.postJson<{ id: string; name: string }>('/catalogue/projects', {
    customerId: customer.json.id,
    name: unique('Shop'),
  });
  const pipeline = `app-${randomUUID().slice(0, 8)}-production`;
  const setting = await manager.putJson<PipelineSetting>(`/delivery/pipelines/${pipeline}`, {
    projectId: project.json.id,
    production: true,
  });
  expect(setting.status).toBe(200);
  expect(setting.json).toMatchObject({ pipeline, project: project.json.name, deployStage: 'DeployProduction' });
  return { pipeline, projectId: project.json.id, project: project.json.name, customer: customer.json.name };
}

const period = (from: number, to = 0) => `from=${day(daysAgo(from))}&to=${day(daysAgo(to))}`;

describe('delivery metrics from pipeline events', () => {
  it('records a release delivered in reverse order and twice over as one deployment with its lead-time parts', async () => {
    const { pipeline } = await mappedPipeline();
    const events = releaseEvents(pipeline, randomUUID(), timesOf(3));

    for (const event of [...events].reverse()) await send(event);
    for (const event of events) await send(event);

    const metrics = await manager.api<DeliveryMetrics>(`/delivery/metrics?pipeline=${pipeline}&${period(10)}`);
    expect(metrics.status).toBe(200);
    expect(metrics.json.deploymentFrequency.deployments).toBe(1);
    expect(metrics.json.leadTime).toMatchObject({
      count: 1,
      medianSeconds: 5 * 3600,
      medianParts: { buildAndQat: 3600, waitingForQc: 3600, waitingForPmo: 7200, productionDeploy: 3600 },
      band: 'elite',
    });
    expect(metrics.json.changeFailureRate).toMatchObject({ deployments: 1, failures: 0, rate: 0 });
  });

  it("starts the lead time at the commit's time, read once per execution from CodePipeline's source revision", async () => {
    const { pipeline } = await mappedPipeline();
    const executionId = randomUUID();
    const committedAt = daysAgo(3, 0);
    const commitId = randomUUID().replace(/-/g, '');
    const control = codePipelineControl(process.env.RUNWAY_CODEPIPELINE_CONTROL_URL ?? '');
    await control.declareExecution({
      pipelineName: pipeline,
      executionId,
      revision: { commitId, message: 'Fix', committedAt: committedAt.toISOString() },
    });

    // Backwards: the first event that ends something is the execution's end; the lookup happens there.
    for (const event of [...releaseEvents(pipeline, executionId, timesOf(3))].reverse()) await send(event);

    const releases = await manager.api<ReleaseList>(`/delivery/releases?pipeline=${pipeline}&${period(10)}`);
    expect(releases.json.releases).toEqual([
      expect.objectContaining({
        executionId,
        commitId,
        committedAt: committedAt.toISOString(),
        startedAt: daysAgo(3, 1).toISOString(),
        leadTimeSeconds: 6 * 3600,
        parts: { buildAndQat: 2 * 3600, waitingForQc: 3600, waitingForPmo: 7200, productionDeploy: 3600 },
      }),
    ]);
    const metrics = await manager.api<DeliveryMetrics>(`/delivery/metrics?pipeline=${pipeline}&${period(10)}`);
    expect(metrics.json.leadTime).toMatchObject({ count: 1, medianSeconds: 6 * 3600 });
    expect(await control.calls({ operation: 'GetPipelineExecution', pipeline })).toHaveLength(1);
  });

  it('shows a failure with no recovery yet, then its recovery time once the next release succeeds', async () => {
    const { pipeline } = await mappedPipeline();
    const failed = randomUUID();
    for (const event of releaseEvents(pipeline, failed, timesOf(4), 'FAILED')) await send(event);

    const open = await manager.api<DeliveryMetrics>(`/delivery/metrics?pipeline=${pipeline}&${period(10)}`);
    expect(open.json.recoveryTime).toMatchObject({ recovered: 0, medianSeconds: null });
    expect(open.json.recoveryTime.unrecovered).toEqual([expect.objectContaining({ pipeline, executionId: failed })]);
    expect(open.json.deploymentFrequency.deployments).toBe(0);

    for (const event of releaseEvents(pipeline, randomUUID(), timesOf(3))) await send(event);

    const recovered = await manager.api<DeliveryMetrics>(`/delivery/metrics?pipeline=${pipeline}&${period(10)}`);
    expect(recovered.json.recoveryTime).toMatchObject({ recovered: 1, medianSeconds: 86_400, unrecovered: [] });
    expect(recovered.json.changeFailureRate).toMatchObject({ deployments: 2, failures: 1, rate: 0.5 });
  });

  it("counts a release as rolled back when its CodeDeploy deployment's failure arrives before the action that ran it", async () => {
    const { pipeline } = await mappedPipeline();
    const executionId = randomUUID();
    const deploymentId = `d-${randomUUID().replace(/-/g, '').slice(0, 9).toUpperCase()}`;
    await send(codeDeployEvent({ deploymentId, state: 'FAILURE', at: daysAgo(2, 6) }));
    for (const event of releaseEvents(pipeline, executionId, timesOf(2))) await send(event);
    await send(
      deployActionEvent({
        pipeline,
        executionId,
        stage: 'DeployProduction',
        state: 'SUCCEEDED',
        deploymentId,
        at: daysAgo(2, 6),
      }),
    );

    const releases = await manager.api<ReleaseList>(`/delivery/releases?pipeline=${pipeline}&${period(10)}`);
    expect(releases.json.releases).toEqual([
      expect.objectContaining({ executionId, outcome: 'failed', failureCause: 'rolled-back' }),
    ]);
  });

  it('lets a manager mark a successful release as having caused a failure, and take the mark back', async () => {
    const { pipeline } = await mappedPipeline();
    const executionId = randomUUID();
    for (const event of releaseEvents(pipeline, executionId, timesOf(2))) await send(event);
    const engineer = newEngineer('Mary Major');

    const refused = await engineer.putJson<ErrorBody>(`/delivery/releases/${executionId}/failure`, { note: 'x' });
    const blank = await manager.putJson<ErrorBody>(`/delivery/releases/${executionId}/failure`, { note: '' });
    const marked = await manager.putJson<Release>(`/delivery/releases/${executionId}/failure`, {
      note: 'Checkout broke for EU customers',
    });
    const afterMark = await manager.api<DeliveryMetrics>(`/delivery/metrics?pipeline=${pipeline}&${period(10)}`);
    const unmarked = await manager.del(`/delivery/releases/${executionId}/failure`);
    const afterUnmark = await manager.api<DeliveryMetrics>(`/delivery/metrics?pipeline=${pipeline}&${period(10)}`);

    expect(refused.status).toBe(403);
    expect(refused.json.errors).toEqual([{ field: 'executionId', problem: 'may only be changed by a manager' }]);
    expect(blank.status).toBe(400);
    expect(blank.json.errors).toEqual([expect.objectContaining({ field: 'note' })]);
    expect(marked.status).toBe(200);
    expect(marked.json).toMatchObject({
      outcome: 'failed',
      failureCause: 'marked',
      failureMark: { note: 'Checkout broke for EU customers' },
    });
    expect(afterMark.json.changeFailureRate).toMatchObject({ deployments: 1, failures: 1 });
    expect(afterMark.json.deploymentFrequency.deployments).toBe(1);
    expect(unmarked.status).toBe(200);
    expect(afterUnmark.json.changeFailureRate).toMatchObject({ deployments: 1, failures: 0 });
  });

  it('joins releases with the hours recorded on their project, recovery hours apart, and names the approvers', async () => {
    const { pipeline, project, customer } = await mappedPipeline();
    const engineer = newEngineer('Mary Major');
    const first = randomUUID();
    const second = randomUUID();
    for (const event of releaseEvents(pipeline, first, timesOf(6))) await send(event);
    for (const event of releaseEvents(pipeline, second, timesOf(2))) await send(event);
    await localDynamo().send(
      new PutCommand({
        TableName: `runway-approval-gateway-${stage()}-approvals`,
        Item: {
          pk: `approval#${randomUUID()}`,
          sk: `audit#${daysAgo(2, 3).toISOString()}#1`,
          recordType: 'decision',
          outcome: 'accepted',
          executionId: second,
          pipelineName: pipeline,
          stageName: 'Approval',
          actionName: 'QCApproval',
          approver: 'qc.lead@example.com',
          decision: 'approve',
          decidedAt: daysAgo(2, 3).toISOString(),
        },
      }),
    );
    // The audit is read when an approval ends: a repeat of the QC decision's event (a new event id) reads it.
    const qcEnd = releaseEvents(pipeline, second, timesOf(2)).filter(
      (event) => event.detail.action === 'QCApproval' && event.detail.state === 'SUCCEEDED',
    );
    for (const event of qcEnd) await send(event);
    const record = async (daysBack: number, hours: number, activity: string) =>
      expect(
        (await engineer.postJson('/activities', { customer, project, activity, date: day(daysAgo(daysBack)), hours }))
          .status,
      ).toBe(201);
    await record(5, 3, 'Build');
    await record(4, 2, 'Incident response');
    await record(2, 4, 'Build');
    await record(8, 7, 'Build');

    const list = await engineer.api<ReleaseList>(`/delivery/releases?pipeline=${pipeline}&${period(10)}`);

    expect(list.status).toBe(200);
    expect(list.json.releases.map((release) => [release.executionId, release.hoursSincePreviousRelease])).toEqual([
      [second, 9],
      [first, null],
    ]);
    expect(list.json.hoursByProject).toEqual([{ project, hours: 16, hoursRecovering: 2 }]);
    expect(list.json.hoursRecovering).toBe(2);
    expect(list.json.releases[0]?.approvals).toEqual([
      expect.objectContaining({ role: 'qc', approver: 'qc.lead@example.com', waitSeconds: 3600 }),
      { role: 'pmo', waitSeconds: 7200 },
    ]);
  });
});

describe('on the local stack', () => {
  it("takes a release's approval waits from what the CodePipeline fake announces as approvals are asked and decided", async () => {
    const { pipeline } = await mappedPipeline();
    const executionId = randomUUID();
    const control = codePipelineControl(process.env.RUNWAY_CODEPIPELINE_CONTROL_URL ?? '');
    const others = releaseEvents(pipeline, executionId, timesOf(0, 0)).filter(
      (event) => event.detail.action === undefined,
    );
    const [started, ...rest] = others;
    if (started === undefined) throw new Error('no start event');
    const startedAt = new Date(Date.now() - 60_000);
    started.time = `${startedAt.toISOString().slice(0, 19)}Z`;
    await send(started);
    const token = randomUUID();
    await control.registerApproval({
      pipelineName: pipeline,
      stageName: 'Approval',
      actionName: 'QCApproval',
      token,
      executionId,
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await control.decideInConsole({
      token,
      status: 'Approved',
      updatedBy: 'arn:aws:sts::123456789012:assumed-role/Admin/qc',
    });
    const now = `${new Date(Date.now() + 1000).toISOString().slice(0, 19)}Z`;
    for (const event of rest) {
      event.time = now;
      await send(event);
    }

    let release: Release | undefined;
    for (let attempt = 0; attempt < 20 && (release?.approvals.length ?? 0) === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const list = await manager.api<ReleaseList>(`/delivery/releases?pipeline=${pipeline}&${period(1)}`);
      release = list.json.releases[0];
    }

    expect(release).toMatchObject({ executionId, outcome: 'succeeded' });
    expect(release?.approvals).toEqual([{ role: 'qc', waitSeconds: expect.any(Number) }]);
    expect(release?.approvals[0]?.waitSeconds).toBeGreaterThan(0);
  });
});

describe('the budget', () => {
  it('reads a year of history at 50 production deployments a day in under a second', async () => {
    const { pipeline } = await mappedPipeline();
    const lastDay = day(daysAgo(1));
    const items = deliveryHistory({ pipelines: [pipeline], lastDay, days: 365, perDay: 50, failureRate: 0.1 });
    await batchWrite(localDynamo(), `runway-metrics-api-${stage()}-delivery`, items);
    const path = `/delivery/metrics?pipeline=${pipeline}&from=${day(daysAgo(365))}&to=${lastDay}`;
    await manager.api(path);

    // The best of three: the machine is shared (other stacks, other tests), and one slow read is its noise.
    let elapsed = Number.POSITIVE_INFINITY;
    let metrics = await manager.api<DeliveryMetrics>(path);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const started = performance.now();
      metrics = await manager.api<DeliveryMetrics>(path);
      elapsed = Math.min(elapsed, performance.now() - started);
    }

    expect(metrics.status).toBe(200);
    expect(metrics.json.changeFailureRate.deployments).toBe(365 * 50);
    expect(metrics.json.weeks.length).toBeGreaterThanOrEqual(52);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('who sees which pipelines', () => {
  it('shows an engineer only the pipelines of projects they record on; a manager sees all and the unmapped', async () => {
    const { pipeline, project, customer } = await mappedPipeline();
    const recorder = newEngineer('Mary Major');
    const stranger = newEngineer('Sam Stranger');
    await recorder.postJson('/activities', { customer, project, activity: 'Build', date: day(daysAgo(1)), hours: 1 });
    const unmapped = `unmapped-${randomUUID().slice(0, 8)}`;
    for (const event of releaseEvents(unmapped, randomUUID(), timesOf(1)).slice(0, 1)) await send(event);

    const mine = await recorder.api<PipelineList>('/delivery/pipelines');
    const theirs = await stranger.api<PipelineList>('/delivery/pipelines');
    const all = await manager.api<PipelineList>('/delivery/pipelines');
    const hidden = await stranger.api<ErrorBody>(`/delivery/metrics?pipeline=${pipeline}`);

    expect(mine.json.pipelines.map((setting) => setting.pipeline)).toEqual([pipeline]);
    expect(theirs.json).toEqual({ pipelines: [], unmapped: [] });
    expect(all.json.pipelines.map((setting) => setting.pipeline)).toContain(pipeline);
    expect(all.json.unmapped).toContain(unmapped);
    expect(hidden.status).toBe(404);
    expect(hidden.json.errors).toEqual([expect.objectContaining({ field: 'pipeline' })]);
  });
});

describe('the delivery routes refuse bad input with 4xx naming the field', () => {
  beforeAll(() => {
    manager = newManager('Maya Manager');
  });

  it.each([
    ['/delivery/metrics?from=2026-12-10&to=2026-12-01', 'from'],
    ['/delivery/metrics?from=2026-02-30', 'from'],
    ['/delivery/metrics?from=2024-01-01&to=2026-01-01', 'from'],
    ['/delivery/metrics?to=yesterday', 'to'],
    ['/delivery/releases?limit=0', 'limit'],
    ['/delivery/metrics?pipeline=no%20spaces', 'pipeline'],
    ['/delivery/metrics?colour=red', 'colour'],
  ])('GET %s → 400 naming %s', async (path, field) => {
    const response = await manager.api<ErrorBody>(path);

    expect(response.status).toBe(400);
    expect(response.json.errors.map((error) => error.field)).toContain(field);
  });

  it('refuses a setting for a project the catalogue does not hold, a missing flag, and an engineer', async () => {
    const engineer = newEngineer('Mary Major');
    const unknown = await manager.putJson<ErrorBody>('/delivery/pipelines/app-x', {
      projectId: randomUUID(),
      production: true,
    });
    const missing = await manager.putJson<ErrorBody>('/delivery/pipelines/app-x', { projectId: randomUUID() });
    const notManager = await engineer.putJson<ErrorBody>('/delivery/pipelines/app-x', {
      projectId: randomUUID(),
      production: true,
    });

    expect([unknown.status, unknown.json.errors[0]?.field]).toEqual([404, 'projectId']);
    expect([missing.status, missing.json.errors[0]?.field]).toEqual([400, 'production']);
    expect([notManager.status, notManager.json.errors[0]?.field]).toEqual([403, 'pipeline']);
  });

  it('answers 404 for marking a release that was never recorded', async () => {
    const response = await manager.putJson<ErrorBody>(`/delivery/releases/${randomUUID()}/failure`, { note: 'x' });

    expect([response.status, response.json.errors[0]?.field]).toEqual([404, 'executionId']);
  });
});
