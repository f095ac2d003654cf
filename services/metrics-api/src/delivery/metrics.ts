import { byCodeUnits } from '@shared/order';
import { failureRateBand, frequencyBand, leadTimeBand, recoveryBand } from './bands';
import type { DeliveryMetrics, DeliveryWeek, LeadTimeParts, OpenFailure } from './delivery-view';
import type { CountedDeployment } from './execution';

const DAY_MS = 86_400_000;

/** The nearest-rank percentile (0 < p ≤ 1) of numbers; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively: a year of lead times is tens of thousands of them.
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

/** Whole days in [from, to], both YYYY-MM-DD and inclusive. */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

const mondays = new Map<number, string>();

/** The Monday (YYYY-MM-DD) of the ISO week of an epoch-seconds instant (UTC); by arithmetic, a year of deployments is many calls. */
export function mondayOf(atSeconds: number): string {
  const day = Math.floor(atSeconds / 86_400);
  // 1970-01-01 was a Thursday: (day + 3) % 7 is the days since Monday.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  let text = mondays.get(monday);
  if (text === undefined) {
    text = new Date(monday * DAY_MS).toISOString().slice(0, 10);
    mondays.set(monday, text);
  }
  return text;
}

interface Recovery {
  failedAt: number;
  recoveredAt: number;
}

/**
 * Per pipeline, in time order: a run of failures (failed or marked deployments) ends at the next
 * deployment that neither failed nor caused a failure; its recovery time runs from the run's first
 * failure. A run still open at the end is unrecovered.
 */
export function recoveries(deployments: readonly CountedDeployment[]): { recovered: Recovery[]; open: OpenFailure[] } {
  const byPipeline = new Map<string, CountedDeployment[]>();
  for (const deployment of deployments) {
    const list = byPipeline.get(deployment.pipeline);
    if (list === undefined) byPipeline.set(deployment.pipeline, [deployment]);
    else list.push(deployment);
  }
  const recovered: Recovery[] = [];
  const open: OpenFailure[] = [];
  for (const list of byPipeline.values()) {
    const found = pipelineRecoveries(list);
    recovered.push(...found.recovered);
    if (found.open !== undefined) open.push(found.open);
  }
  return { recovered, open };
}

/** One pipeline's recoveries, and its failure still open at the end, if any. */
function pipelineRecoveries(list: readonly CountedDeployment[]): { recovered: Recovery[]; open?: OpenFailure } {
  const recovered: Recovery[] = [];
  let failure: CountedDeployment | undefined;
  for (const deployment of [...list].sort((a, b) => a.at - b.at || byCodeUnits(a.executionId, b.executionId))) {
    if (deployment.failed) failure ??= deployment;
    else if (deployment.deployed && failure !== undefined) {
      recovered.push({ failedAt: failure.at, recoveredAt: deployment.at });
      failure = undefined;
    }
  }
  if (failure === undefined) return { recovered };
  const open = {
    pipeline: failure.pipeline,
    executionId: failure.executionId,
    failedAt: new Date(failure.at * 1000).toISOString(),
  };
  return { recovered, open };
}

function medianParts(parts: readonly LeadTimeParts[]): LeadTimeParts | null {
  if (parts.length === 0) return null;
  const median = (key: keyof LeadTimeParts) =>
    percentile(
      parts.map((part) => part[key]),
      0.5,
    ) ?? 0;
  return {
    buildAndQat: median('buildAndQat'),
    waitingForQc: median('waitingForQc'),
    waitingForPmo: median('waitingForPmo'),
    productionDeploy: median('productionDeploy'),
  };
}

const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;

/** Every week of the period, empty ones too, so a trend has no gaps. */
function weeklyTrend(
  from: string,
  to: string,
  deployments: readonly CountedDeployment[],
  recovered: readonly Recovery[],
): DeliveryWeek[] {
  const weeks = new Map<string, CountedDeployment[]>();
  const last = mondayOf(Date.parse(`${to}T00:00:00Z`) / 1000);
  for (let week = mondayOf(Date.parse(`${from}T00:00:00Z`) / 1000); week <= last; ) {
    weeks.set(week, []);
    week = new Date(Date.parse(`${week}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10);
  }
  for (const deployment of deployments) {
    const week = mondayOf(deployment.at);
    const list = weeks.get(week);
    if (list === undefined) weeks.set(week, [deployment]);
    else list.push(deployment);
  }
  const recoveriesByWeek = new Map<string, number[]>();
  for (const recovery of recovered) {
    const week = mondayOf(recovery.failedAt);
    const list = recoveriesByWeek.get(week);
    if (list === undefined) recoveriesByWeek.set(week, [recovery.recoveredAt - recovery.failedAt]);
    else list.push(recovery.recoveredAt - recovery.failedAt);
  }
  return [...weeks.keys()].sort().map((week) => {
    const list = weeks.get(week) ?? [];
    const deployed = list.filter((d) => d.deployed);
    const failures = list.filter((d) => d.failed).length;
    const weekRecoveries = recoveriesByWeek.get(week) ?? [];
    return {
      week,
      deployments: deployed.length,
      failures,
      leadTimeMedianSeconds: percentile(
        deployed.map((d) => d.leadSeconds ?? 0),
        0.5,
      ),
      changeFailureRate: list.length === 0 ? null : round(failures / list.length),
      recoveryMedianSeconds: percentile(weekRecoveries, 0.5),
    };
  });
}

/**
 * The four keys over [from, to] from the deployments the day aggregates hold for those days.
 * Deployment frequency counts deployments that reached production; the failure rate counts every
 * production deployment (failed ones included) as the denominator.
 */
export function deliveryMetrics(
  from: string,
  to: string,
  pipelines: readonly string[],
  deployments: readonly CountedDeployment[],
): DeliveryMetrics {
  const days = daysIn(from, to);
  const deployed = deployments.filter((d) => d.deployed);
  const failures = deployments.filter((d) => d.failed).length;
  const leads = deployed.map((d) => d.leadSeconds ?? 0);
  const { recovered, open } = recoveries(deployments);
  const recoveryTimes = recovered.map((r) => r.recoveredAt - r.failedAt);
  const perDay = deployed.length / days;
  const medianLead = percentile(leads, 0.5);
  const rate = deployments.length === 0 ? null : failures / deployments.length;
  const medianRecovery = percentile(recoveryTimes, 0.5);
  return {
    from,
    to,
    pipelines: [...pipelines],
    deploymentFrequency: {
      deployments: deployed.length,
      perDay: round(perDay),
      perWeek: round(perDay * 7),
      band: pipelines.length === 0 ? null : frequencyBand(perDay),
    },
    leadTime: {
      count: leads.length,
      medianSeconds: medianLead,
      p90Seconds: percentile(leads, 0.9),
      medianParts: medianParts(deployed.flatMap((d) => (d.parts ? [d.parts] : []))),
      band: medianLead === null ? null : leadTimeBand(medianLead),
    },
    changeFailureRate: {
      deployments: deployments.length,
      failures,
      rate: rate === null ? null : round(rate),
      band: rate === null ? null : failureRateBand(rate),
    },
    recoveryTime: {
      recovered: recovered.length,
      medianSeconds: medianRecovery,
      p90Seconds: percentile(recoveryTimes, 0.9),
      unrecovered: open,
      band: medianRecovery === null ? null : recoveryBand(medianRecovery),
    },
    weeks: weeklyTrend(from, to, deployments, recovered),
  };
}
