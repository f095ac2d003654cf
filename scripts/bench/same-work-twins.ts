/**
 * Each function's SDK-minimal twin doing the same work: the AWS calls the function made once
 * (captured, capture.ts), made again with nothing but the SDK's clients and commands — no Middy,
 * Powertools, validation, sign-in or Runway code. What a function costs beyond it is what its own
 * code and libraries cost, since the AWS work is the same.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../test-support/paths';
import type { Bundle } from './bundles';
import { type CapturedCall, concurrentGroups, startCapture } from './capture';
import type { Subject } from './cold-start';
import { deployBuildOptions } from './deploy-build-options';
import type { Emulators } from './emulators';
import { RUNNER_DIR, runOnce } from './runs';
import { field, type Round } from './workload';

/** The SDK client of each endpoint variable the bench sets (emulators.ts). */
export const SDK_CLIENTS: Record<string, { pkg: string; client: string }> = {
  AWS_ENDPOINT_URL_DYNAMODB: { pkg: '@aws-sdk/client-dynamodb', client: 'DynamoDBClient' },
  AWS_ENDPOINT_URL_SES: { pkg: '@aws-sdk/client-ses', client: 'SESClient' },
  AWS_ENDPOINT_URL_CODEPIPELINE: { pkg: '@aws-sdk/client-codepipeline', client: 'CodePipelineClient' },
  AWS_ENDPOINT_URL_IMAGEBUILDER: { pkg: '@aws-sdk/client-imagebuilder', client: 'ImagebuilderClient' },
  AWS_ENDPOINT_URL_SSM: { pkg: '@aws-sdk/client-ssm', client: 'SSMClient' },
  AWS_ENDPOINT_URL_SNS: { pkg: '@aws-sdk/client-sns', client: 'SNSClient' },
  AWS_ENDPOINT_URL_CODECOMMIT: { pkg: '@aws-sdk/client-codecommit', client: 'CodeCommitClient' },
  AWS_ENDPOINT_URL_AUTO_SCALING: { pkg: '@aws-sdk/client-auto-scaling', client: 'AutoScalingClient' },
};

export const sameWorkId = (functionId: string) => `same-work/${functionId}`;

/** A function's same-work twin: what it calls, and its bundle. */
export interface SameWorkTwin {
  id: string;
  /** The function it is the twin of. */
  functionId: string;
  /** The operations it calls, in order; concurrent ones joined by `+`. */
  calls: string[];
  bytes: number;
  /** How many of its calls the services refused in its last measured run (a write the capture already made). */
  refused?: number;
}

/** The variable environment the twin reads its calls' inputs from (a JSON file beside its bundle). */
export const CALLS_VARIABLE = 'BENCH_TWIN_CALLS';

/**
 * The twin's source: one client per service, one command per call, the calls of a group sent
 * together. A refusal the service answers (a condition the capture's own write now fails) is the
 * same round trip and counts as done; anything else fails the run.
 */
export function sameWorkSource(calls: readonly CapturedCall[]): string {
  const endpoints = [...new Set(calls.map((call) => call.endpoint))];
  const imports = endpoints.map((endpoint) => {
    const sdk = SDK_CLIENTS[endpoint];
    if (sdk === undefined) throw new Error(`no SDK client known for ${endpoint}`);
    const commands = [
      ...new Set(calls.filter((call) => call.endpoint === endpoint).map((c) => `${c.operation}Command`)),
    ];
    return `import { ${[sdk.client, ...commands].join(', ')} } from '${sdk.pkg}';`;
  });
  const clients = endpoints.map(
    // One attempt: the function's captured call needed one, and a refusal the SDK would retry
    // (a conflict, a throttle) would add its back-off to the twin's time.
    (endpoint, index) =>
      `const client${index} = new ${SDK_CLIENTS[endpoint]?.client}({ credentials, maxAttempts: 1 });`,
  );
  let position = 0;
  const groups = concurrentGroups(calls).map((group) => {
    const sends = group.map((call) => {
      const send = `send(client${endpoints.indexOf(call.endpoint)}, new ${call.operation}Command(inputs[${position}]))`;
      position += 1;
      return send;
    });
    return `  await Promise.all([${sends.join(', ')}]);`;
  });
  return [
    "import { readFileSync } from 'node:fs';",
    "import { fromEnv } from '@aws-sdk/credential-provider-env';",
    ...imports,
    '',
    'const credentials = fromEnv();',
    ...clients,
    'let refused = 0;',
    '',
    'async function send(client: { send(command: unknown): Promise<unknown> }, command: unknown): Promise<void> {',
    '  try {',
    '    await client.send(command);',
    '  } catch (error) {',
    '    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === undefined) throw error;',
    '    refused += 1;',
    '  }',
    '}',
    '',
    'export const handler = async () => {',
    `  const inputs = JSON.parse(readFileSync(process.env.${CALLS_VARIABLE} ?? '', 'utf8'));`,
    ...groups,
    `  return { calls: ${calls.length}, refused };`,
    '};',
    '',
  ].join('\n');
}

/** `GetItem`, `Query + Query` (two sent together), … */
export function callsOf(calls: readonly CapturedCall[]): string[] {
  return concurrentGroups(calls).map((group) => group.map((call) => call.operation).join(' + '));
}

/**
 * Writes the twin of `calls` into `dir` and bundles it with the deploy options: `twin.js` (handler
 * `handler`), and `calls.json`, the inputs it reads from {@link CALLS_VARIABLE}.
 */
export async function buildSameWorkTwin(
  calls: readonly CapturedCall[],
  dir: string,
): Promise<{ outfile: string; callsFile: string; bytes: number }> {
  const ordered = concurrentGroups(calls).flat();
  const callsFile = join(dir, 'calls.json');
  writeFileSync(callsFile, `${JSON.stringify(ordered.map((call) => call.input))}\n`);
  writeFileSync(join(dir, 'twin.ts'), sameWorkSource(ordered));
  const outfile = join(dir, 'twin.js');
  // Runway's node_modules, wherever `dir` is.
  const nodePaths = [join(ROOT, 'node_modules')];
  await build({
    ...deployBuildOptions(),
    absWorkingDir: ROOT,
    nodePaths,
    entryPoints: [join(dir, 'twin.ts')],
    outfile,
  });
  return { outfile, callsFile, bytes: statSync(outfile).size };
}

interface SameWorkOptions {
  /** Every function, as it runs in a round, in the rounds' order. */
  subjects: readonly { bundle: Bundle; subject: Subject }[];
  emulators: Emulators;
  /** A round of its own (its index unused by the measured ones): its writes must not meet theirs. */
  round: Round;
  outDir: string;
  log: (line: string) => void;
}

/**
 * Runs every function once with its AWS calls going through the capture, checks that it took its
 * success path, and builds each one's twin from what it called. A function that failed, or made no
 * AWS call, has no twin (its verdict is skipped, and the log says why).
 */
export async function sameWorkTwins(
  options: SameWorkOptions,
): Promise<{ after: Map<string, Subject>; twins: SameWorkTwin[] }> {
  const capture = await startCapture(options.emulators.endpoints);
  const after = new Map<string, Subject>();
  const twins: SameWorkTwin[] = [];
  try {
    for (const { bundle, subject } of options.subjects) {
      const dir = join(options.outDir, 'same-work', bundle.service, bundle.functionKey);
      mkdirSync(dir, { recursive: true });
      const env = { ...subject.env, ...capture.endpoints };
      capture.take();
      const { recorder } = options.emulators;
      const before = recorder.calls.length;
      const outcome = await runOnce({
        command: subject.command,
        args: subject.args,
        env,
        events: await subject.workload.events(options.round),
        eventsPath: join(dir, 'events.json'),
      });
      const calls = capture.take();
      const [result] = outcome.results;
      const problem = outcome.error ?? subject.workload.check(result, recorder.calls.slice(before));
      if (problem !== undefined) {
        options.log(`same-work twin of ${bundle.id}: none, its capture run failed: ${problem}`);
        continue;
      }
      await subject.workload.after?.(result, options.round);
      if (calls.length === 0) {
        options.log(`same-work twin of ${bundle.id}: none, it made no AWS call`);
        continue;
      }
      const built = await buildSameWorkTwin(calls, dir);
      const twin: SameWorkTwin = {
        id: sameWorkId(bundle.id),
        functionId: bundle.id,
        calls: callsOf(calls),
        bytes: built.bytes,
      };
      twins.push(twin);
      after.set(bundle.id, {
        ...subject,
        id: twin.id,
        kind: 'twin',
        env: { ...subject.env, [CALLS_VARIABLE]: built.callsFile },
        args: [join(RUNNER_DIR, 'node-runner.cjs'), built.outfile, 'handler'],
        workload: {
          events: () => [{}],
          check: (twinResult) =>
            field(twinResult, 'calls') === calls.length ? undefined : `expected ${calls.length} calls`,
          after: (twinResult) => {
            twin.refused = Number(field(twinResult, 'refused'));
          },
        },
      });
    }
  } finally {
    await capture.close();
  }
  options.log(`same-work twins: ${twins.length} of ${options.subjects.length} functions`);
  return { after, twins };
}
