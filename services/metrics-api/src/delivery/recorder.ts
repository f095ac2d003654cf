import type { GatewayDecision } from '@shared/approvals/approval-audit';
import type { CommitTimeLookup } from './commit-time';
import type { DeliveryChange, ExecutionChange } from './delivery-change';
import type { Counted, DeliveryStore } from './delivery-store';
import { countedValue, DEFAULT_DEPLOY_STAGE, dayOf, deploymentOutcome, type ExecutionItem } from './execution';

export interface RecorderDeps {
  store: DeliveryStore;
  /** approval-gateway's accepted decisions of one execution (its audit); absent where there is no gateway. */
  decisions?: (executionId: string) => Promise<GatewayDecision[]>;
  /** The time of the commit an execution releases (CodePipeline); absent, lead times start at the execution. */
  commitTime?: CommitTimeLookup;
  now: () => Date;
}

/** A recount lost to a concurrent one this many times in a row is an error (EventBridge retries it). */
const MAX_RECOUNTS = 5;

/** What the day aggregates should hold for an execution, from what it is now. */
async function wantedCount(store: DeliveryStore, item: ExecutionItem): Promise<Counted | undefined> {
  const setting = await store.setting(item.pipeline);
  const outcome = deploymentOutcome(item, setting?.deployStage ?? DEFAULT_DEPLOY_STAGE);
  if (outcome === undefined) return undefined;
  return {
    day: dayOf(outcome.deployedAt),
    value: countedValue(outcome),
    releaseKey: `${new Date(outcome.deployedAt).toISOString()}#${item.executionId}`,
  };
}

/**
 * Brings the day aggregates in line with the execution: adds its deployment once its deploy stage
 * has ended, moves it when a later event changes its day or outcome (a retried stage, a rollback, a
 * manager's mark). Safe to run any number of times: the execution item holds what was counted, and
 * the move is one transaction conditional on that.
 */
export async function recount(store: DeliveryStore, executionId: string): Promise<ExecutionItem | undefined> {
  for (let attempt = 0; attempt < MAX_RECOUNTS; attempt += 1) {
    const item = await store.execution(executionId);
    if (item === undefined) return undefined;
    const next = await wantedCount(store, item);
    if (next?.value === item.countedValue && next?.day === item.countedDay) return item;
    if (await store.saveCount(item, next)) return store.execution(executionId);
  }
  throw new Error(`Execution ${executionId} kept changing while its deployment was counted`);
}

async function recordApprovers(deps: RecorderDeps, executionId: string): Promise<void> {
  if (deps.decisions === undefined) return;
  const decisions = await deps.decisions(executionId);
  if (decisions.length === 0) return;
  const approvers = Object.fromEntries(
    decisions.map((decision) => [
      `${decision.stageName}:${decision.actionName}`,
      { approver: decision.approver, decidedAt: decision.decidedAt },
    ]),
  );
  await deps.store.setApprovers(executionId, approvers);
}

/**
 * Asks once per execution, at its first event that ends something (the Source action's success, as a
 * rule: its revision is known by then). A passing failure is left for the execution's next such event.
 */
async function recordCommitTime(deps: RecorderDeps, change: ExecutionChange): Promise<void> {
  if (deps.commitTime === undefined || !change.final) return;
  const item = await deps.store.execution(change.executionId);
  if (item === undefined || item.commitLookup !== undefined) return;
  const found = await deps.commitTime(change.pipeline, change.executionId, {
    ...(typeof item.commitId === 'string' ? { commitId: item.commitId } : {}),
    executionEnded: change.attribute.startsWith('p:'),
  });
  if ('retry' in found && found.retry) return;
  await deps.store.setCommitTime(change.executionId, found);
}

async function recordExecution(deps: RecorderDeps, change: ExecutionChange): Promise<void> {
  await deps.store.recordExecutionChange(change);
  await recordCommitTime(deps, change);
  if (change.deploymentId !== undefined) {
    const states = await deps.store.linkDeployment(change.deploymentId, change.executionId);
    await deps.store.copyDeploymentStates(change.executionId, change.deploymentId, states);
  }
  // The audit is written when CodePipeline accepts a decision, before the action's end is announced.
  if (change.final) await recordApprovers(deps, change.executionId);
  await recount(deps.store, change.executionId);
}

/**
 * Records one change, once: a repeated event id is skipped, and since every change sets its own
 * attribute, a repeat that slips through (or any order of arrival) leaves the same records.
 */
export async function recordChange(deps: RecorderDeps, change: DeliveryChange): Promise<'recorded' | 'repeated'> {
  if (await deps.store.isRecorded(change.eventId)) return 'repeated';
  if (change.kind === 'execution') {
    await recordExecution(deps, change);
  } else {
    const linked = await deps.store.recordDeploymentChange(change);
    if (linked !== undefined) {
      await deps.store.copyDeploymentStates(linked.executionId, change.deploymentId, linked.states);
      await recount(deps.store, linked.executionId);
    }
  }
  // Remembered last: a failure above leaves it unremembered, so EventBridge's retry records it.
  await deps.store.markRecorded(change.eventId, deps.now());
  return 'recorded';
}
