import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Bundle } from './bundles';
import { functionSubject, type Subject } from './cold-start';
import { deployBuildOptions } from './deploy-build-options';
import type { Emulators } from './emulators';
import { RUNNER_DIR } from './runs';
import { type Check, called, statusIs, type Workload } from './workload';

/** What a function is for Lambda, by what invokes it: the twin it is compared with. */
export type FunctionKind = 'api-read' | 'api-write' | 'event' | 'pipeline-job';

/** A function's events as serverless.yml declares them (serverless-state.json). */
export type FunctionEvents = Record<string, unknown>[];

/** An HTTP API GET is a read, any other method a write; SNS, EventBridge and schedules are events; no event is a CodePipeline job. */
export function kindOf(events: FunctionEvents = []): FunctionKind {
  const http = events.find((event) => 'httpApi' in event)?.httpApi;
  if (http !== undefined) {
    const method = typeof http === 'string' ? http.split(' ')[0] : (http as { method?: string }).method;
    return method?.toUpperCase() === 'GET' ? 'api-read' : 'api-write';
  }
  return events.length > 0 ? 'event' : 'pipeline-job';
}

interface TwinSpec {
  file: string;
  /** The SDK client package it bundles. */
  client: string;
  /** The function whose event and environment the twin runs with, right after it in every round. */
  runsLike: string;
  does: string;
  check: Check;
}

const TWINS: Record<FunctionKind, TwinSpec> = {
  'api-read': {
    client: '@aws-sdk/client-dynamodb',
    file: 'api-read.ts',
    runsLike: 'metrics-api/activityGet',
    does: "activityGet's request: one DynamoDB GetItem, JSON answer",
    check: statusIs(200),
  },
  'api-write': {
    client: '@aws-sdk/client-dynamodb',
    file: 'api-write.ts',
    runsLike: 'metrics-api/activityCreate',
    does: "activityCreate's request: JSON.parse, one DynamoDB PutItem",
    check: statusIs(201),
  },
  event: {
    client: '@aws-sdk/client-codepipeline',
    file: 'event.ts',
    runsLike: 'pipeline-triggers/onImageBuilt',
    does: "onImageBuilt's SNS notification: one CodePipeline StartPipelineExecution",
    check: called('StartPipelineExecution'),
  },
  'pipeline-job': {
    client: '@aws-sdk/client-codepipeline',
    file: 'pipeline-job.ts',
    runsLike: 'pipeline-triggers/twoPersonRule',
    does: "twoPersonRule's job: one CodePipeline PutJobSuccessResult",
    check: called('PutJobSuccessResult'),
  },
};

export interface Twin {
  id: string;
  kind: FunctionKind;
  does: string;
  bytes: number;
  /** The function whose event (and Python peer) it runs with. */
  runsLike: string;
  client: string;
}

export const twinId = (kind: FunctionKind) => `twin/${kind}`;

/**
 * Builds each kind's SDK-minimal twin with the deploy options and makes it a subject that runs its
 * function's event, by that function's id; a kind whose function was not packaged has no twin.
 */
export async function twinSubjects(
  bundles: readonly Bundle[],
  workloadOf: (bundle: Bundle) => Workload,
  emulators: Emulators,
  outDir: string,
): Promise<{ after: Map<string, Subject>; twins: Twin[] }> {
  const dir = join(outDir, 'twins');
  mkdirSync(dir, { recursive: true });
  const after = new Map<string, Subject>();
  const twins: Twin[] = [];
  for (const [kind, spec] of Object.entries(TWINS) as [FunctionKind, TwinSpec][]) {
    const bundle = bundles.find((candidate) => candidate.id === spec.runsLike);
    if (bundle === undefined) continue;
    const outfile = join(dir, `${kind}.js`);
    await build({
      ...deployBuildOptions(),
      absWorkingDir: __dirname,
      entryPoints: [join('twins', spec.file)],
      outfile,
    });
    const bytes = statSync(outfile).size;
    twins.push({ id: twinId(kind), kind, does: spec.does, bytes, runsLike: spec.runsLike, client: spec.client });
    const base = functionSubject(bundle, workloadOf(bundle), emulators);
    after.set(bundle.id, {
      ...base,
      id: twinId(kind),
      kind: 'twin',
      // The function's event; what the round keeps stays the function's own.
      workload: { events: base.workload.events, check: spec.check },
      args: [join(RUNNER_DIR, 'node-runner.cjs'), outfile, 'handler'],
    });
  }
  return { after, twins };
}
