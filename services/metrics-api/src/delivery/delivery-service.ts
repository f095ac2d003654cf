import { type Caller, hasRole } from '@shared/auth/caller';
import { byCodeUnits } from '@shared/order';
import type { FromSchema } from 'json-schema-to-ts';
import type { CatalogueReader } from '../catalogue/catalogue-store';
import type {
  failureMarkSchema,
  periodQuerySchema,
  pipelineSettingSchema,
  releasesQuerySchema,
} from './delivery.schema';
import type { DeliveryStore } from './delivery-store';
import type { DeliveryMetrics, PipelineList, PipelineSetting, Release, ReleaseList } from './delivery-view';
import { DeliveryRefusedError } from './errors';
import { DEFAULT_DEPLOY_STAGE, dayOf, deploymentOutcome, type ExecutionItem, toRelease } from './execution';
import { hoursPerRelease, projectHours } from './hours';
import { deliveryMetrics } from './metrics';
import type { RecordedHours } from './recorded-hours';
import { recount } from './recorder';

export interface DeliveryDeps {
  store: DeliveryStore;
  hours: RecordedHours;
  catalogue: CatalogueReader;
}

type PeriodQuery = FromSchema<typeof periodQuerySchema>;
type ReleasesQuery = FromSchema<typeof releasesQuerySchema>;

const DAY_MS = 86_400_000;
/** The longest period one request reads: a year and a bit (a leap year, a week of margin). */
export const MAX_PERIOD_DAYS = 373;
/** Without `from`, a period ends today and spans this many days (a quarter). */
const DEFAULT_PERIOD_DAYS = 91;
/** An engineer sees the pipelines of the projects they recorded on within this many days. */
const ENGINEER_LOOKBACK_DAYS = 365;

const isManager = (caller: Caller) => hasRole(caller, 'manager');

function assertSignedInRole(caller: Caller): void {
  if (!hasRole(caller, 'engineer') && !isManager(caller)) {
    throw new DeliveryRefusedError(
      403,
      'Your account is in neither the engineers nor the managers group',
      'role',
      'must be engineer or manager',
    );
  }
}

function assertManager(caller: Caller, field: string): void {
  if (!isManager(caller))
    throw new DeliveryRefusedError(
      403,
      'Only managers change delivery settings',
      field,
      'may only be changed by a manager',
    );
}

const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The period asked for: [from, to] as dates, defaulting to the quarter up to today. */
export function periodOf(query: PeriodQuery, now: Date): { from: string; to: string } {
  const to = query.to ?? dayOf(now.getTime());
  const from = query.from ?? shiftDay(to, 1 - DEFAULT_PERIOD_DAYS);
  for (const [field, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || dayOf(Date.parse(`${day}T00:00:00Z`)) !== day) {
      throw new DeliveryRefusedError(
        400,
        `${day} is not a calendar date`,
        field,
        'must be a calendar date (YYYY-MM-DD)',
      );
    }
  }
  if (from > to)
    throw new DeliveryRefusedError(400, 'The period ends before it starts', 'from', 'must not be after to');
  if (Date.parse(to) - Date.parse(from) >= MAX_PERIOD_DAYS * DAY_MS) {
    throw new DeliveryRefusedError(
      400,
      'The period is too long',
      'from',
      `must be at most ${MAX_PERIOD_DAYS} days before to`,
    );
  }
  return { from, to };
}

/** The settings the caller may see: all for a manager, an engineer's those of the projects they record on. */
async function visibleSettings(deps: DeliveryDeps, caller: Caller, now: Date): Promise<PipelineSetting[]> {
  assertSignedInRole(caller);
  const settings = await deps.store.settings();
  if (isManager(caller)) return settings;
  const projects = await deps.hours.projectsOf(caller.id, shiftDay(dayOf(now.getTime()), -ENGINEER_LOOKBACK_DAYS));
  return settings.filter((setting) => projects.has(setting.projectId));
}

/** The pipelines a metric or list covers: the one asked for (when the caller may see it), or every visible production one. */
async function scope(
  deps: DeliveryDeps,
  caller: Caller,
  pipeline: string | undefined,
  now: Date,
): Promise<PipelineSetting[]> {
  const visible = await visibleSettings(deps, caller, now);
  if (pipeline === undefined) return visible.filter((setting) => setting.production);
  const setting = visible.find((candidate) => candidate.pipeline === pipeline);
  if (setting !== undefined) return [setting];
  if (isManager(caller)) {
    // A manager may read a pipeline that has no setting yet (its events are recorded all the same).
    const now_ = new Date(0).toISOString();
    return [
      {
        pipeline,
        projectId: '',
        project: '',
        production: false,
        deployStage: DEFAULT_DEPLOY_STAGE,
        updatedAt: now_,
        updatedBy: '',
      },
    ];
  }
  throw new DeliveryRefusedError(
    404,
    `No pipeline ${pipeline} you may see`,
    'pipeline',
    'is not a pipeline of a project you record on',
  );
}

/** GET /delivery/metrics. */
export async function readMetrics(
  deps: DeliveryDeps,
  caller: Caller,
  query: PeriodQuery,
  now: Date,
): Promise<DeliveryMetrics> {
  const { from, to } = periodOf(query, now);
  const pipelines = await scope(deps, caller, query.pipeline, now);
  const deployments = (
    await Promise.all(pipelines.map((setting) => deps.store.deployments(setting.pipeline, from, to)))
  ).flat();
  return deliveryMetrics(
    from,
    to,
    pipelines.map((setting) => setting.pipeline),
    deployments,
  );
}

function releaseOf(item: ExecutionItem, setting: PipelineSetting): Release | undefined {
  const outcome = deploymentOutcome(item, setting.deployStage);
  return outcome === undefined ? undefined : toRelease(item, outcome, setting.project || undefined);
}

/** One pipeline's releases with the hours recorded on its project between them. */
async function pipelineReleases(deps: DeliveryDeps, setting: PipelineSetting, from: string, to: string, limit: number) {
  const releases = (await deps.store.releases(setting.pipeline, from, to, limit)).flatMap(
    (item) => releaseOf(item, setting) ?? [],
  );
  if (setting.projectId === '') return { releases, project: undefined };
  const deployed = releases.filter((release) => release.leadTimeSeconds !== undefined);
  const oldest = deployed.map((release) => release.deployedAt).sort()[0] ?? `${from}T00:00:00.000Z`;
  const before = await deps.store.releaseBefore(setting.pipeline, oldest);
  const previousDay = before?.countedDay;
  const records = await deps.hours.projectRecords(setting.project, setting.projectId, previousDay ?? from, to);
  const perRelease = hoursPerRelease(
    deployed.map((release) => ({ executionId: release.executionId, day: release.deployedAt.slice(0, 10) })),
    previousDay,
    records,
  );
  for (const release of releases) {
    if (perRelease.has(release.executionId))
      release.hoursSincePreviousRelease = perRelease.get(release.executionId) ?? null;
  }
  return { releases, project: { project: setting.project, ...projectHours(records, from, to) } };
}

/** GET /delivery/releases. */
export async function listReleases(
  deps: DeliveryDeps,
  caller: Caller,
  query: ReleasesQuery,
  now: Date,
): Promise<ReleaseList> {
  const { from, to } = periodOf(query, now);
  const limit = query.limit ?? 50;
  const pipelines = await scope(deps, caller, query.pipeline, now);
  const perPipeline = await Promise.all(pipelines.map((setting) => pipelineReleases(deps, setting, from, to, limit)));
  const byProject = new Map<string, { project: string; hours: number; hoursRecovering: number }>();
  for (const { project } of perPipeline) if (project !== undefined) byProject.set(project.project, project);
  const hoursByProject = [...byProject.values()];
  return {
    from,
    to,
    releases: perPipeline
      .flatMap((entry) => entry.releases)
      .sort((a, b) => byCodeUnits(b.deployedAt, a.deployedAt))
      .slice(0, limit),
    hoursRecovering: Math.round(hoursByProject.reduce((sum, entry) => sum + entry.hoursRecovering, 0) * 100) / 100,
    hoursByProject,
  };
}

/** GET /delivery/pipelines. */
export async function listPipelines(deps: DeliveryDeps, caller: Caller, now: Date): Promise<PipelineList> {
  const pipelines = await visibleSettings(deps, caller, now);
  if (!isManager(caller)) return { pipelines, unmapped: [] };
  const mapped = new Set(pipelines.map((setting) => setting.pipeline));
  return { pipelines, unmapped: (await deps.store.seenPipelines()).filter((pipeline) => !mapped.has(pipeline)).sort() };
}

/** PUT /delivery/pipelines/{pipeline} (managers): which project it delivers, whether it is production, its deploy stage. */
export async function putPipelineSetting(
  deps: DeliveryDeps,
  caller: Caller,
  pipeline: string,
  input: FromSchema<typeof pipelineSettingSchema>,
  now: Date,
): Promise<PipelineSetting> {
  assertSignedInRole(caller);
  assertManager(caller, 'pipeline');
  const project = (await deps.catalogue.entries()).find(
    (entry) => entry.type === 'project' && entry.id === input.projectId,
  );
  if (project === undefined) {
    throw new DeliveryRefusedError(
      404,
      `No catalogue project ${input.projectId}`,
      'projectId',
      'is not a project of the catalogue',
    );
  }
  const setting: PipelineSetting = {
    pipeline,
    projectId: input.projectId,
    project: project.name,
    production: input.production,
    deployStage: input.deployStage ?? DEFAULT_DEPLOY_STAGE,
    updatedAt: now.toISOString(),
    updatedBy: caller.name,
  };
  await deps.store.putSetting(setting);
  return setting;
}

/**
 * PUT /delivery/releases/{executionId}/failure (managers, with a note) marks a successful production
 * deployment as having caused a failure; DELETE takes the mark back. The day aggregates follow at once.
 */
export async function markFailure(
  deps: DeliveryDeps,
  caller: Caller,
  executionId: string,
  input: FromSchema<typeof failureMarkSchema> | undefined,
  now: Date,
): Promise<Release> {
  assertSignedInRole(caller);
  assertManager(caller, 'executionId');
  const item = await deps.store.execution(executionId);
  const setting = item === undefined ? undefined : await deps.store.setting(item.pipeline);
  const deployStage = setting?.deployStage ?? DEFAULT_DEPLOY_STAGE;
  const outcome = item === undefined ? undefined : deploymentOutcome({ ...item, failureMark: undefined }, deployStage);
  if (item === undefined || outcome === undefined) {
    throw new DeliveryRefusedError(
      404,
      `No production deployment ${executionId}`,
      'executionId',
      'is not a recorded production deployment',
    );
  }
  if (!outcome.succeeded) {
    throw new DeliveryRefusedError(
      400,
      `${executionId} did not deploy`,
      'executionId',
      `is a deployment that already failed (${outcome.cause})`,
    );
  }
  const mark = input === undefined ? undefined : { note: input.note, by: caller.name, at: now.toISOString() };
  await deps.store.setFailureMark(executionId, mark);
  const updated = (await recount(deps.store, executionId)) ?? item;
  const release = deploymentOutcome(updated, deployStage);
  if (release === undefined) throw new Error(`${executionId} lost its deployment while being marked`);
  return toRelease(updated, release, setting?.project || undefined);
}
