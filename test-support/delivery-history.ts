import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayKey, executionKey } from '../services/metrics-api/src/delivery/delivery-store';
import {
  countedValue,
  DEFAULT_DEPLOY_STAGE,
  dayOf,
  deploymentOutcome,
  type ExecutionItem,
} from '../services/metrics-api/src/delivery/execution';

/**
 * Delivery history written straight into the delivery table, as the recorder would have left it
 * (the same pure functions derive each deployment's counted value): `npm run demo:delivery`, the
 * bench's year of history and the year-read test. Deterministic for a seed.
 */
export interface HistoryOptions {
  pipelines: readonly string[];
  /** The last day of history (YYYY-MM-DD) and how many days back from it. */
  lastDay: string;
  days: number;
  /** Production deployments per pipeline and day. */
  perDay: number;
  /** Share of deployments that fail (0..1). */
  failureRate?: number;
  /** Also the execution items (the releases list reads them); the day aggregates alone otherwise. */
  executions?: boolean;
  seed?: number;
  /** The QC and PMO approvers the releases name. */
  approvers?: { qc: string; pmo: string };
}

/** mulberry32: a small seeded generator, so a seeded history is the same every time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HOUR = 3_600_000;

/** One execution of a production release deployed at `deployedAt`, its parts drawn from `next`. */
function execution(
  pipeline: string,
  executionId: string,
  deployedAt: number,
  failed: boolean,
  next: () => number,
  approvers: HistoryOptions['approvers'],
): ExecutionItem {
  const deploy = (0.1 + next() * 0.4) * HOUR;
  const pmoWait = next() * 20 * HOUR;
  const qcWait = next() * 12 * HOUR;
  const build = (1 + next() * 5) * HOUR;
  const pmoEnd = deployedAt - deploy;
  const qcEnd = pmoEnd - pmoWait;
  const qcStart = qcEnd - qcWait;
  const started = qcStart - build;
  // The commit came before the production pipeline started (the QAT pipeline and the image build ran
  // in between): a third of the build time, so the seeded sequence of draws stays as it was.
  const committedAt = started - build / 3;
  return {
    executionId,
    pipeline,
    committedAt: Math.round(committedAt),
    commitLookup: 'found',
    'p:STARTED': Math.round(started),
    's:Build:SUCCEEDED': Math.round(started + build / 2),
    'ac:Approval:QCApproval': 'Approval',
    'a:Approval:QCApproval:STARTED': Math.round(qcStart),
    'a:Approval:QCApproval:SUCCEEDED': Math.round(qcEnd),
    'ac:Approval:PMOApproval': 'Approval',
    'a:Approval:PMOApproval:STARTED': Math.round(qcEnd),
    'a:Approval:PMOApproval:SUCCEEDED': Math.round(pmoEnd),
    [`s:${DEFAULT_DEPLOY_STAGE}:STARTED`]: Math.round(pmoEnd),
    [`s:${DEFAULT_DEPLOY_STAGE}:${failed ? 'FAILED' : 'SUCCEEDED'}`]: deployedAt,
    [`p:${failed ? 'FAILED' : 'SUCCEEDED'}`]: deployedAt,
    ...(approvers === undefined
      ? {}
      : {
          approvers: {
            'Approval:QCApproval': { approver: approvers.qc, decidedAt: new Date(Math.round(qcEnd)).toISOString() },
            'Approval:PMOApproval': { approver: approvers.pmo, decidedAt: new Date(Math.round(pmoEnd)).toISOString() },
          },
        }),
  };
}

/** One pipeline's day: its aggregate, and with `executions` each execution item before it. */
function dayItems(pipeline: string, dayStart: number, options: HistoryOptions, next: () => number) {
  const day = dayOf(dayStart);
  const items: Record<string, unknown>[] = [];
  const aggregate: Record<string, unknown> = { ...dayKey(pipeline, day), pipeline };
  for (let index = 0; index < options.perDay; index += 1) {
    const executionId = `${pipeline}-${day}-${index}`;
    // Working hours, in order through the day.
    const deployedAt = Math.round(dayStart + (8 + ((index + next()) / options.perDay) * 10) * HOUR);
    const failed = next() < (options.failureRate ?? 0.1);
    const item = execution(pipeline, executionId, deployedAt, failed, next, options.approvers);
    const outcome = deploymentOutcome(item, DEFAULT_DEPLOY_STAGE);
    if (outcome === undefined) throw new Error('a seeded execution without a deployment');
    const value = countedValue(outcome);
    aggregate[`r:${executionId}`] = value;
    if (options.executions) {
      items.push({
        ...executionKey(executionId),
        ...item,
        countedDay: day,
        countedValue: value,
        releasePipeline: pipeline,
        releaseKey: `${new Date(deployedAt).toISOString()}#${executionId}`,
      });
    }
  }
  items.push(aggregate);
  return items;
}

/** The items of the history: per pipeline and day, its day aggregate (and with `executions`, each execution). */
export function deliveryHistory(options: HistoryOptions): Record<string, unknown>[] {
  const next = random(options.seed ?? 25);
  const items: Record<string, unknown>[] = [];
  const last = Date.parse(`${options.lastDay}T00:00:00Z`);
  for (const pipeline of options.pipelines) {
    for (let back = options.days - 1; back >= 0; back -= 1) {
      items.push(...dayItems(pipeline, last - back * 24 * HOUR, options, next));
    }
  }
  return items;
}

/** Writes items 25 at a time (BatchWriteItem), retrying what DynamoDB leaves unprocessed. */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 10) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed`);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}
