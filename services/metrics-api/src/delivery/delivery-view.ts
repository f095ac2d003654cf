// What the delivery routes return: types only, away from storage and the SDK, so the site can import
// them (services/metrics-api/src/contracts.ts). Times are ISO 8601 (UTC); durations are seconds.

/** A DORA performance band (docs/delivery-metrics.md names the thresholds and their source). */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/**
 * The four consecutive parts of a release's lead time; they add up to the lead time. A part the
 * execution did not have (no QC approval, say) is 0.
 */
export interface LeadTimeParts {
  /** From the change's time (the execution's start) to the QC approval being asked for: build and QAT. */
  buildAndQat: number;
  /** The QC approval action, asked → decided. */
  waitingForQc: number;
  /** From the QC decision to the PMO decision. */
  waitingForPmo: number;
  /** From the last decision to the production deploy stage's success (the two-person rule included). */
  productionDeploy: number;
}

/** Successful production deployments over the period. */
export interface DeploymentFrequency {
  deployments: number;
  perDay: number;
  perWeek: number;
  band: DoraBand | null;
}

/** Lead time for changes of the period's successful production deployments. */
export interface LeadTime {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** The median of each part (the parts' medians need not add up to the median lead time). */
  medianParts: LeadTimeParts | null;
  band: DoraBand | null;
}

/** Production deployments that failed, were rolled back, or were marked by a manager as causing a failure. */
export interface ChangeFailureRate {
  deployments: number;
  failures: number;
  /** failures / deployments, 0..1; null without deployments. */
  rate: number | null;
  band: DoraBand | null;
}

/** A failed production deployment the same pipeline has not deployed successfully since (within the period read). */
export interface OpenFailure {
  pipeline: string;
  executionId: string;
  failedAt: string;
}

/** Failed deployment recovery time: a failure to the next successful deployment of the same pipeline. */
export interface RecoveryTime {
  recovered: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  unrecovered: OpenFailure[];
  band: DoraBand | null;
}

/** One ISO week of the trend (weeks start on Monday; the first and last may be cut by the period). */
export interface DeliveryWeek {
  /** The Monday, YYYY-MM-DD. */
  week: string;
  deployments: number;
  failures: number;
  leadTimeMedianSeconds: number | null;
  changeFailureRate: number | null;
  recoveryMedianSeconds: number | null;
}

/** GET /delivery/metrics: the four keys over [from, to] (dates, inclusive), with the weekly trend. */
export interface DeliveryMetrics {
  from: string;
  to: string;
  /** The pipelines counted: the one asked for, or every production pipeline the caller may see. */
  pipelines: string[];
  deploymentFrequency: DeploymentFrequency;
  leadTime: LeadTime;
  changeFailureRate: ChangeFailureRate;
  recoveryTime: RecoveryTime;
  weeks: DeliveryWeek[];
}

/** A QC or PMO decision of a release: who, when, and how long it waited. */
export interface ReleaseApproval {
  role: 'qc' | 'pmo';
  /** The approver's email address, from approval-gateway's audit; absent when decided elsewhere (the console). */
  approver?: string;
  decidedAt?: string;
  waitSeconds: number;
}

/** A manager's mark that a successful deployment caused a failure. */
export interface FailureMark {
  note: string;
  by: string;
  at: string;
}

/** Why a production deployment counts as failed. */
export type FailureCause = 'deploy-failed' | 'rolled-back' | 'marked';

/** One production deployment (a release) as GET /delivery/releases lists it. */
export interface Release {
  executionId: string;
  pipeline: string;
  /** The catalogue project the pipeline is mapped to, when it is. */
  project?: string;
  outcome: 'succeeded' | 'failed';
  failureCause?: FailureCause;
  /**
   * When the released commit was made (its source revision's time); absent when CodePipeline did not
   * say, and the lead time then starts at `startedAt` (docs/delivery-metrics.md).
   */
  committedAt?: string;
  /** When the execution started. */
  startedAt: string;
  /** When the production deploy ended (succeeded or failed). */
  deployedAt: string;
  /** Succeeded releases only. */
  leadTimeSeconds?: number;
  parts?: LeadTimeParts;
  approvals: ReleaseApproval[];
  commitId?: string;
  failureMark?: FailureMark;
  /**
   * Hours recorded against the pipeline's project after the previous successful release's day up to this
   * release's day (succeeded releases of a mapped pipeline; null when unmapped or the previous one is unknown).
   */
  hoursSincePreviousRelease?: number | null;
}

/** GET /delivery/releases: the period's releases, newest first, and what recovering cost. */
export interface ReleaseList {
  from: string;
  to: string;
  releases: Release[];
  /** Hours recorded in the period on the listed pipelines' projects with an incident or rollback activity. */
  hoursRecovering: number;
  /** Hours recorded in the period on each mapped project (all activities). */
  hoursByProject: { project: string; hours: number; hoursRecovering: number }[];
}

/** A pipeline's delivery setting (PUT /delivery/pipelines/{pipeline}, managers). */
export interface PipelineSetting {
  pipeline: string;
  /** The catalogue project whose recorded hours the pipeline's releases are joined with. */
  projectId: string;
  project: string;
  /** Counted in "all production pipelines". */
  production: boolean;
  /** The stage whose success is a production deployment (default DeployProduction). */
  deployStage: string;
  updatedAt: string;
  updatedBy: string;
}

/** GET /delivery/pipelines: the settings the caller may see, and pipelines seen in events without one. */
export interface PipelineList {
  pipelines: PipelineSetting[];
  /** Managers only: pipelines that sent events but have no setting yet. */
  unmapped: string[];
}
