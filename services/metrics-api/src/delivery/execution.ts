import type { FailureCause, FailureMark, LeadTimeParts, Release, ReleaseApproval } from './delivery-view';

/**
 * One pipeline execution as stored: one attribute per thing that happened, its value the time (epoch
 * ms). Each event sets its own attribute, so events recorded twice or in any order leave the same item:
 *   p:<STATE>                         the execution (STARTED, SUCCEEDED, FAILED, ...)
 *   s:<stage>:<STATE>                 a stage
 *   a:<stage>:<action>:<STATE>        an action; ac:<stage>:<action> its category (Approval, Deploy, ...)
 *   ad:<deploymentId>                 the stage of a CodeDeploy deployment an action ran
 *   cd:<deploymentId>:<STATE>         that deployment's CodeDeploy states (FAILURE, STOP: rolled back)
 */
export interface ExecutionItem {
  executionId: string;
  pipeline: string;
  commitId?: string;
  /** When the released commit was made (epoch ms; GetPipelineExecution's source revision), when known. */
  committedAt?: number;
  /** `found`, or why the commit time is unknown (the lead time then starts at the execution's start). */
  commitLookup?: string;
  /** approver email and decision time per approval action (`<stage>:<action>`), from approval-gateway's audit. */
  approvers?: Record<string, { approver: string; decidedAt: string }>;
  failureMark?: FailureMark;
  /** What the day aggregates hold for this execution: the day and the value (see {@link countedValue}). */
  countedDay?: string;
  countedValue?: string;
  [attribute: string]: unknown;
}

/** The stage whose end is a production deployment, unless the pipeline's setting names another. */
export const DEFAULT_DEPLOY_STAGE = 'DeployProduction';

/** A production deployment's result, derived from an execution. */
export interface DeploymentOutcome {
  succeeded: boolean;
  cause?: FailureCause;
  startedAt: number;
  /** The commit's time, when known and not after the start. */
  committedAt?: number;
  /** Where the lead time starts: the commit's time when known, else the execution's start. */
  changedAt: number;
  deployedAt: number;
  parts?: LeadTimeParts;
  approvals: ReleaseApproval[];
}

const time = (item: ExecutionItem, attribute: string): number | undefined => {
  const value = item[attribute];
  return typeof value === 'number' ? value : undefined;
};

const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** Every `(prefix)...` attribute's time: the earliest one, or undefined. */
function earliest(item: ExecutionItem): number | undefined {
  let found: number | undefined;
  for (const [key, value] of Object.entries(item)) {
    if (typeof value === 'number' && /^[psa]:/.test(key)) found = found === undefined ? value : Math.min(found, value);
  }
  return found;
}

interface ApprovalAction {
  role: 'qc' | 'pmo';
  action: string;
  startedAt?: number;
  endedAt?: number;
}

/** The QC and PMO manual approvals: Approval actions whose names say QC or PMO (QCApproval, PMOApproval). */
function approvalActions(item: ExecutionItem): ApprovalAction[] {
  const found: ApprovalAction[] = [];
  for (const [key, value] of Object.entries(item)) {
    if (!key.startsWith('ac:') || value !== 'Approval') continue;
    const action = key.slice(3);
    const name = action.split(':').at(-1) ?? '';
    const role = /qc/i.test(name) ? 'qc' : /pmo/i.test(name) ? 'pmo' : undefined;
    if (role === undefined) continue;
    found.push({
      role,
      action,
      startedAt: time(item, `a:${action}:STARTED`),
      endedAt: later(time(item, `a:${action}:SUCCEEDED`), time(item, `a:${action}:FAILED`)),
    });
  }
  // QC before PMO, whatever order the item's attributes come in.
  return found.sort((a, b) => (a.role === b.role ? 0 : a.role === 'qc' ? -1 : 1));
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/**
 * The lead time's four consecutive parts: boundaries change (commit, or the execution's start) → QC
 * asked → QC decided → PMO decided → deployed, a missing one taking the previous boundary, each clamped
 * to be no earlier than the one before. Build & QAT holds the time from the commit to the start too.
 */
export function leadTimeParts(
  startedAt: number,
  deployedAt: number,
  qc: ApprovalAction | undefined,
  pmo: ApprovalAction | undefined,
  deployStartedAt: number | undefined,
): LeadTimeParts {
  const clamp = (value: number, floor: number) => Math.min(Math.max(value, floor), deployedAt);
  const b1 = clamp(qc?.startedAt ?? pmo?.startedAt ?? deployStartedAt ?? deployedAt, startedAt);
  const b2 = clamp(qc?.endedAt ?? b1, b1);
  const b3 = clamp(pmo?.endedAt ?? b2, b2);
  return {
    buildAndQat: seconds(b1 - startedAt),
    waitingForQc: seconds(b2 - b1),
    waitingForPmo: seconds(b3 - b2),
    productionDeploy: seconds(deployedAt - b3),
  };
}

function rolledBack(item: ExecutionItem, deployStage: string): boolean {
  return Object.entries(item).some(([key, stage]) => {
    if (!key.startsWith('ad:') || stage !== deployStage) return false;
    const id = key.slice(3);
    return time(item, `cd:${id}:FAILURE`) !== undefined || time(item, `cd:${id}:STOP`) !== undefined;
  });
}

/**
 * The production deployment an execution made, once its deploy stage has ended: succeeded, or failed
 * (the stage failed, its CodeDeploy deployment failed or was stopped, or a manager marked it).
 * Undefined while the deploy stage has not ended (or the execution never reached it).
 */
export function deploymentOutcome(item: ExecutionItem, deployStage: string): DeploymentOutcome | undefined {
  const succeededAt = time(item, `s:${deployStage}:SUCCEEDED`);
  const failedAt = time(item, `s:${deployStage}:FAILED`);
  const deployedAt = later(succeededAt, failedAt);
  if (deployedAt === undefined) return undefined;
  const startedAt = Math.min(time(item, 'p:STARTED') ?? earliest(item) ?? deployedAt, deployedAt);
  // A commit dated after the start (a clock, a rewritten date) cannot have waited: the start stands.
  const committedAt =
    typeof item.committedAt === 'number' && item.committedAt <= startedAt ? item.committedAt : undefined;
  const changedAt = committedAt ?? startedAt;
  const actions = approvalActions(item);
  const approvals = actions.map((action): ReleaseApproval => {
    const decision = item.approvers?.[action.action];
    return {
      role: action.role,
      ...(decision ?? {}),
      waitSeconds:
        action.startedAt !== undefined && action.endedAt !== undefined ? seconds(action.endedAt - action.startedAt) : 0,
    };
  });
  const common = { startedAt, ...(committedAt === undefined ? {} : { committedAt }), changedAt, deployedAt, approvals };
  if (failedAt === deployedAt && (succeededAt === undefined || failedAt > succeededAt)) {
    return { ...common, succeeded: false, cause: 'deploy-failed' };
  }
  if (rolledBack(item, deployStage)) return { ...common, succeeded: false, cause: 'rolled-back' };
  const parts = leadTimeParts(
    changedAt,
    deployedAt,
    actions.find((action) => action.role === 'qc'),
    actions.find((action) => action.role === 'pmo'),
    time(item, `s:${deployStage}:STARTED`),
  );
  if (item.failureMark !== undefined) return { ...common, succeeded: false, cause: 'marked', parts };
  return { ...common, succeeded: true, parts };
}

/** The UTC day of an instant. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * What a day aggregate holds for one deployment, one short string: `S|<at>|<lead>|<build>|<qc>|<pmo>|<deploy>`
 * (seconds; at in epoch seconds) for a success, `M|...` the same for a success marked as causing a failure,
 * `F|<at>|<cause>` for a failed deployment.
 */
export function countedValue(outcome: DeploymentOutcome): string {
  const at = Math.floor(outcome.deployedAt / 1000);
  // A marked deployment did deploy (frequency, lead time) and caused a failure (failure rate, recovery).
  if (!outcome.succeeded && outcome.cause !== 'marked') return `F|${at}|${outcome.cause ?? 'deploy-failed'}`;
  const p = outcome.parts ?? { buildAndQat: 0, waitingForQc: 0, waitingForPmo: 0, productionDeploy: 0 };
  const lead = seconds(outcome.deployedAt - outcome.changedAt);
  const kind = outcome.succeeded ? 'S' : 'M';
  return `${kind}|${at}|${lead}|${p.buildAndQat}|${p.waitingForQc}|${p.waitingForPmo}|${p.productionDeploy}`;
}

/** A deployment as the metrics read it back from a day aggregate. */
export interface CountedDeployment {
  pipeline: string;
  executionId: string;
  /** Epoch seconds. */
  at: number;
  /** It reached production: counted in the deployment frequency and the lead time. */
  deployed: boolean;
  /** It failed or caused a failure: counted in the failure rate, and starts a recovery. */
  failed: boolean;
  leadSeconds?: number;
  parts?: LeadTimeParts;
}

/** Reads a value written by {@link countedValue}; undefined for anything else. */
export function parseCounted(pipeline: string, executionId: string, value: string): CountedDeployment | undefined {
  const [kind, at, lead, build, qc, pmo, deploy] = value
    .split('|')
    .map((part, index) => (index === 0 ? part : Number(part)));
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  if (kind === 'F') return { pipeline, executionId, at, deployed: false, failed: true };
  if (kind !== 'S' && kind !== 'M') return undefined;
  const numbers = [lead, build, qc, pmo, deploy];
  if (!numbers.every((n): n is number => typeof n === 'number' && Number.isFinite(n))) return undefined;
  const [leadSeconds, buildAndQat, waitingForQc, waitingForPmo, productionDeploy] = numbers as number[];
  return {
    pipeline,
    executionId,
    at,
    deployed: true,
    failed: kind === 'M',
    leadSeconds,
    parts: {
      buildAndQat: buildAndQat ?? 0,
      waitingForQc: waitingForQc ?? 0,
      waitingForPmo: waitingForPmo ?? 0,
      productionDeploy: productionDeploy ?? 0,
    },
  };
}

/** A release as GET /delivery/releases lists it. */
export function toRelease(item: ExecutionItem, outcome: DeploymentOutcome, project: string | undefined): Release {
  return {
    executionId: item.executionId,
    pipeline: item.pipeline,
    ...(project === undefined ? {} : { project }),
    outcome: outcome.succeeded ? 'succeeded' : 'failed',
    ...(outcome.cause === undefined ? {} : { failureCause: outcome.cause }),
    ...(outcome.committedAt === undefined ? {} : { committedAt: new Date(outcome.committedAt).toISOString() }),
    startedAt: new Date(outcome.startedAt).toISOString(),
    deployedAt: new Date(outcome.deployedAt).toISOString(),
    ...(outcome.parts
      ? { leadTimeSeconds: seconds(outcome.deployedAt - outcome.changedAt), parts: outcome.parts }
      : {}),
    approvals: outcome.approvals,
    ...(typeof item.commitId === 'string' ? { commitId: item.commitId } : {}),
    ...(item.failureMark === undefined ? {} : { failureMark: item.failureMark }),
  };
}
