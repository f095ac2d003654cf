/**
 * The API's response shapes, as its handlers return them: what the site reads (site/src/lib), imported
 * from here rather than declared again. Types only, so a bundle that imports them takes no code.
 */
export type { Activity, SummaryGroup } from './activities/activity';
export type {
  ChangeFailureRate,
  DeliveryMetrics,
  DeliveryWeek,
  DeploymentFrequency,
  DoraBand,
  FailureCause,
  FailureMark,
  LeadTime,
  LeadTimeParts,
  OpenFailure,
  PipelineList,
  PipelineSetting,
  RecoveryTime,
  Release,
  ReleaseApproval,
  ReleaseList,
} from './delivery/delivery-view';
export type { TimerView } from './timer/timer-view';
export type { TeamView, Viewer, WeekSummary } from './weeks/week-service';
export type { HistoryEntry, WeekHours, WeekState } from './weeks/week-state';
export type { WeekRow, WeekView } from './weeks/week-view';
