import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type TransactItem, transactWrite } from '../weeks/week-gate';
import type { CommitTime } from './commit-time';
import type { DeploymentChange, ExecutionChange } from './delivery-change';
import type { FailureMark, PipelineSetting } from './delivery-view';
import { type CountedDeployment, type ExecutionItem, parseCounted } from './execution';

/** What the day aggregates should hold for an execution: nothing, or one value on one day. */
export interface Counted {
  day: string;
  value: string;
  /** `deployedAt#executionId`: the release's place in the byRelease index. */
  releaseKey: string;
}

/** The delivery table (resources/delivery.yml; docs/delivery-metrics.md, "The table"). */
export interface DeliveryStore {
  isRecorded(eventId: string): Promise<boolean>;
  markRecorded(eventId: string, now: Date): Promise<void>;
  recordExecutionChange(change: ExecutionChange): Promise<void>;
  /** Links a CodeDeploy deployment to the execution whose action ran it; its states so far. */
  linkDeployment(deploymentId: string, executionId: string): Promise<Record<string, number>>;
  /** Records a deployment's state; the execution it belongs to when known, with its states so far. */
  recordDeploymentChange(
    change: DeploymentChange,
  ): Promise<{ executionId: string; states: Record<string, number> } | undefined>;
  copyDeploymentStates(executionId: string, deploymentId: string, states: Record<string, number>): Promise<void>;
  execution(executionId: string): Promise<ExecutionItem | undefined>;
  setApprovers(executionId: string, approvers: NonNullable<ExecutionItem['approvers']>): Promise<void>;
  /** Keeps what the commit-time lookup found: the time, or why it is unknown (`commitLookup`). */
  setCommitTime(executionId: string, found: CommitTime): Promise<void>;
  /** Sets (or with undefined, removes) a failure mark; false when there is no such execution. */
  setFailureMark(executionId: string, mark: FailureMark | undefined): Promise<boolean>;
  /** Moves the execution's counted value to `next` in one transaction; false when it changed meanwhile. */
  saveCount(item: ExecutionItem, next: Counted | undefined): Promise<boolean>;
  settings(): Promise<PipelineSetting[]>;
  setting(pipeline: string): Promise<PipelineSetting | undefined>;
  putSetting(setting: PipelineSetting): Promise<void>;
  /** Pipelines that have sent an execution event. */
  seenPipelines(): Promise<string[]>;
  /** The deployments the day aggregates of [from, to] hold for one pipeline: one Query. */
  deployments(pipeline: string, from: string, to: string): Promise<CountedDeployment[]>;
  /** The releases of one pipeline deployed in [from, to], newest first (byRelease index). */
  releases(pipeline: string, from: string, to: string, limit: number): Promise<ExecutionItem[]>;
  /** The last release of the pipeline deployed before `before` (an ISO instant). */
  releaseBefore(pipeline: string, before: string): Promise<ExecutionItem | undefined>;
}

/** Event ids are remembered this long: EventBridge retries for at most 24 hours. */
const EVENT_MEMORY_SECONDS = 2 * 86_400;
const RELEASE_INDEX = 'byRelease';

export const executionKey = (id: string) => ({ pk: `exec#${id}`, sk: 'exec' });
const deploymentKey = (id: string) => ({ pk: `deployment#${id}`, sk: 'deployment' });
export const dayKey = (pipeline: string, day: string) => ({ pk: `day#${pipeline}`, sk: day });
export const settingKey = (pipeline: string) => ({ pk: 'setting', sk: pipeline });

/** An UpdateExpression that SETs each attribute, with placeholder names (attributes hold `:` and `#`). */
function setAll(values: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const placeholders: Record<string, unknown> = {};
  const sets = Object.entries(values).map(([name, value], index) => {
    names[`#n${index}`] = name;
    placeholders[`:v${index}`] = value;
    return `#n${index} = :v${index}`;
  });
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: placeholders,
  };
}

function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}

function statesOf(item: Record<string, unknown> | undefined): Record<string, number> {
  const states: Record<string, number> = {};
  for (const [key, value] of Object.entries(item ?? {})) {
    if (key.startsWith('state:') && typeof value === 'number') states[key.slice(6)] = value;
  }
  return states;
}

export function dynamoDeliveryStore(client: DynamoDBDocumentClient, table: string): DeliveryStore {
  const get = async (key: Record<string, string>) =>
    (await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  const queryAll = async (input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) => {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client }, { TableName: table, ...input }))
      items.push(...(page.Items ?? []));
    return items;
  };

  return {
    async isRecorded(eventId) {
      return (await get({ pk: `event#${eventId}`, sk: 'event' })) !== undefined;
    },
    async markRecorded(eventId, now) {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: `event#${eventId}`,
            sk: 'event',
            expiresAt: Math.floor(now.getTime() / 1000) + EVENT_MEMORY_SECONDS,
          },
        }),
      );
    },
    async recordExecutionChange(change) {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: executionKey(change.executionId),
          ...setAll({
            executionId: change.executionId,
            pipeline: change.pipeline,
            [change.attribute]: change.at,
            ...change.extra,
          }),
        }),
      );
      if (change.attribute === 'p:STARTED') {
        await client.send(new PutCommand({ TableName: table, Item: { pk: 'seen', sk: change.pipeline } }));
      }
    },
    async linkDeployment(deploymentId, executionId) {
      const result = await client.send(
        new UpdateCommand({
          TableName: table,
          Key: deploymentKey(deploymentId),
          ...setAll({ executionId }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return statesOf(result.Attributes);
    },
    async recordDeploymentChange(change) {
      const result = await client.send(
        new UpdateCommand({
          TableName: table,
          Key: deploymentKey(change.deploymentId),
          ...setAll({ [`state:${change.state}`]: change.at }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      const executionId = result.Attributes?.executionId;
      return typeof executionId === 'string' ? { executionId, states: statesOf(result.Attributes) } : undefined;
    },
    async copyDeploymentStates(executionId, deploymentId, states) {
      if (Object.keys(states).length === 0) return;
      const values = Object.fromEntries(
        Object.entries(states).map(([state, at]) => [`cd:${deploymentId}:${state}`, at]),
      );
      await client.send(new UpdateCommand({ TableName: table, Key: executionKey(executionId), ...setAll(values) }));
    },
    async execution(executionId) {
      const item = await get(executionKey(executionId));
      return item === undefined ? undefined : withoutKeys<ExecutionItem>(item);
    },
    async setApprovers(executionId, approvers) {
      await client.send(
        new UpdateCommand({ TableName: table, Key: executionKey(executionId), ...setAll({ approvers }) }),
      );
    },
    async setCommitTime(executionId, found) {
      if (!('committedAt' in found)) {
        const values = { commitLookup: found.unknown.slice(0, 200) };
        await client.send(new UpdateCommand({ TableName: table, Key: executionKey(executionId), ...setAll(values) }));
        return;
      }
      // The revision names the commit when no Source action event did (one that did is kept).
      const commit = found.revisionId === undefined ? '' : ', commitId = if_not_exists(commitId, :commitId)';
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: executionKey(executionId),
          UpdateExpression: `SET committedAt = :at, commitLookup = :found${commit}`,
          ExpressionAttributeValues: {
            ':at': found.committedAt,
            ':found': 'found',
            ...(found.revisionId === undefined ? {} : { ':commitId': found.revisionId.slice(0, 100) }),
          },
        }),
      );
    },
    async setFailureMark(executionId, mark) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: executionKey(executionId),
            ...(mark === undefined
              ? { UpdateExpression: 'REMOVE failureMark' }
              : { UpdateExpression: 'SET failureMark = :mark', ExpressionAttributeValues: { ':mark': mark } }),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
    async saveCount(item, next) {
      const previousDay = item.countedDay;
      const previous = item.countedValue;
      const unchanged =
        previous === undefined
          ? { ConditionExpression: 'attribute_not_exists(countedValue)' }
          : { ConditionExpression: 'countedValue = :previous AND countedDay = :previousDay' };
      const guard = previous === undefined ? {} : { ':previous': previous, ':previousDay': previousDay };
      const slot = `r:${item.executionId}`;
      const items: TransactItem[] = [
        {
          Update: {
            TableName: table,
            Key: executionKey(item.executionId),
            ...(next === undefined
              ? {
                  UpdateExpression: 'REMOVE countedDay, countedValue, releasePipeline, releaseKey',
                  ...(previous === undefined ? {} : { ExpressionAttributeValues: guard }),
                }
              : {
                  UpdateExpression:
                    'SET countedDay = :day, countedValue = :value, releasePipeline = :pipeline, releaseKey = :releaseKey',
                  ExpressionAttributeValues: {
                    ':day': next.day,
                    ':value': next.value,
                    ':pipeline': item.pipeline,
                    ':releaseKey': next.releaseKey,
                    ...guard,
                  },
                }),
            ...unchanged,
          },
        },
      ];
      if (previousDay !== undefined && previousDay !== next?.day) {
        items.push({
          Update: {
            TableName: table,
            Key: dayKey(item.pipeline, previousDay),
            UpdateExpression: 'REMOVE #slot',
            ExpressionAttributeNames: { '#slot': slot },
          },
        });
      }
      if (next !== undefined) {
        items.push({
          Update: {
            TableName: table,
            Key: dayKey(item.pipeline, next.day),
            UpdateExpression: 'SET #slot = :value, #pipeline = :pipeline',
            ExpressionAttributeNames: { '#slot': slot, '#pipeline': 'pipeline' },
            ExpressionAttributeValues: { ':value': next.value, ':pipeline': item.pipeline },
          },
        });
      }
      return (await transactWrite(client, items)).length === 0;
    },
    async settings() {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'setting' },
      });
      return items.map((item) => withoutKeys<PipelineSetting>(item));
    },
    async setting(pipeline) {
      const item = await get(settingKey(pipeline));
      return item === undefined ? undefined : withoutKeys<PipelineSetting>(item);
    },
    async putSetting(setting) {
      await client.send(new PutCommand({ TableName: table, Item: { ...settingKey(setting.pipeline), ...setting } }));
    },
    async seenPipelines() {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'seen' },
      });
      return items.map((item) => String(item.sk));
    },
    async deployments(pipeline, from, to) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `day#${pipeline}`, ':from': from, ':to': to },
      });
      return items.flatMap((item) =>
        Object.entries(item).flatMap(([key, value]) => {
          if (!key.startsWith('r:') || typeof value !== 'string') return [];
          return parseCounted(pipeline, key.slice(2), value) ?? [];
        }),
      );
    },
    async releases(pipeline, from, to, limit) {
      const result = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: RELEASE_INDEX,
          KeyConditionExpression: 'releasePipeline = :pipeline AND releaseKey BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pipeline': pipeline, ':from': from, ':to': `${to}~` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => withoutKeys<ExecutionItem>(item));
    },
    async releaseBefore(pipeline, before) {
      const result = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: RELEASE_INDEX,
          KeyConditionExpression: 'releasePipeline = :pipeline AND releaseKey < :before',
          FilterExpression: 'NOT begins_with(countedValue, :failed)',
          ExpressionAttributeValues: { ':pipeline': pipeline, ':before': before, ':failed': 'F' },
          ScanIndexForward: false,
          Limit: 20,
        }),
      );
      const item = result.Items?.[0];
      return item === undefined ? undefined : withoutKeys<ExecutionItem>(item);
    },
  };
}
