import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from './bundles';
import type { Emulators } from './emulators';
import { RUNNER_DIR, type RunTiming, runOnce } from './runs';
import { type PythonPeer, type Round, statusIs, type Workload } from './workload';

export type SubjectKind = 'function' | 'floor' | 'python' | 'twin';

/** Something whose cold start is measured: a packaged function, the empty Node handler, or a Python peer. */
export interface Subject {
  id: string;
  kind: SubjectKind;
  command: string;
  args: string[];
  env: Record<string, string>;
  workload: Workload;
}

export interface SubjectRuns {
  id: string;
  kind: SubjectKind;
  timings: RunTiming[];
  /** Runs whose handler failed or did not take the success path (not counted in the timings). */
  failures: string[];
}

export const FLOOR_ID = 'floor/empty-node-handler';

/** What the Lambda runtime would set, and local credentials; nothing else from the bench's own environment. */
function lambdaEnv(functionName: string, endpoints: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    ...endpoints,
  };
}

/** A packaged function, run by the Node runner against the emulators. */
export function functionSubject(bundle: Bundle, workload: Workload, emulators: Emulators): Subject {
  return {
    id: bundle.id,
    kind: 'function',
    command: process.execPath,
    args: [join(RUNNER_DIR, 'node-runner.cjs'), bundle.modulePath, bundle.exportName],
    env: { ...lambdaEnv(bundle.functionName, emulators.endpoints), ...bundle.environment, ...workload.env },
    workload,
  };
}

/** The floor: a Node handler that does nothing, through the same runner. */
export function floorSubject(outDir: string): Subject {
  const dir = join(outDir, 'floor');
  mkdirSync(dir, { recursive: true });
  const modulePath = join(dir, 'index.js');
  writeFileSync(modulePath, "exports.handler = async () => ({ statusCode: 200, body: '' });\n");
  return {
    id: FLOOR_ID,
    kind: 'floor',
    command: process.execPath,
    args: [join(RUNNER_DIR, 'node-runner.cjs'), modulePath, 'handler'],
    env: lambdaEnv('bench-floor', {}),
    workload: { events: () => [{}], check: statusIs(200) },
  };
}

export interface PythonRuntime {
  command: string;
  version: string;
  boto3: string;
}

/** Which interpreter to run the peers with: RUNWAY_BENCH_PYTHON, Debian's python3, then PATH's; one with boto3. */
export function findPython(): PythonRuntime | undefined {
  const candidates = [process.env.RUNWAY_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (candidate): candidate is string => candidate !== undefined && candidate !== '',
  );
  for (const command of candidates) {
    try {
      const output = execFileSync(
        command,
        ['-c', 'import sys, boto3; print(sys.version.split()[0], boto3.__version__, sys.executable)'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      const [version = '', boto3 = '', ...path] = output.trim().split(' ');
      const executable = path.join(' ');
      // The interpreter itself: a version manager's shim (pyenv's is a shell script) would add its
      // own start-up, tens of ms, to every Python cold start.
      return { command: executable || command, version, boto3 };
    } catch {
      // Not installed, or no boto3 for this interpreter: try the next one.
    }
  }
  return undefined;
}

export const PYTHON_DIR = join(__dirname, 'python');

/** A Python peer, run by the Python runner with the environment of the function it stands beside. */
export function pythonSubject(
  name: string,
  peer: PythonPeer,
  python: PythonRuntime,
  bundles: readonly Bundle[],
  emulators: Emulators,
): Subject {
  const bundle = bundles.find((candidate) => candidate.id === peer.envOf);
  if (bundle === undefined) throw new Error(`Python peer ${name} needs ${peer.envOf}, which was not packaged`);
  return {
    id: `python/${name}`,
    kind: 'python',
    command: python.command,
    args: [join(RUNNER_DIR, 'python-runner.py'), PYTHON_DIR, name, 'handler'],
    // No .pyc for the peer module itself (a deployment zip has none); boto3's own are precompiled by Debian.
    env: {
      ...lambdaEnv(`bench-python-${name}`, emulators.endpoints),
      ...bundle.environment,
      PYTHONDONTWRITEBYTECODE: '1',
    },
    workload: peer.workload,
  };
}

export interface ColdStartOptions {
  subjects: readonly Subject[];
  /** Measured rounds; one warm-up round (not counted) runs first. */
  rounds: number;
  emulators: Emulators;
  outDir: string;
  log: (line: string) => void;
}

async function runSubject(subject: Subject, round: Round, eventsPath: string): Promise<RunTiming | string> {
  let events: unknown[];
  try {
    events = await subject.workload.events(round);
  } catch (error) {
    return `not run: ${String(error)}`;
  }
  const { recorder } = round.emulators;
  const before = recorder.calls.length;
  const outcome = await runOnce({ command: subject.command, args: subject.args, env: subject.env, events, eventsPath });
  const problem =
    outcome.error ?? subject.workload.check(outcome.results[0], recorder.calls.slice(before)) ?? undefined;
  if (problem !== undefined || outcome.timing === undefined) {
    return `${problem ?? 'no timing'}\n${outcome.output.slice(-1500)}`;
  }
  await subject.workload.after?.(outcome.results[0], round);
  return outcome.timing;
}

/**
 * Runs every subject once per round, in the given order, round after round, so
 * that the machine's changing load spreads over all of them alike.
 */
export async function runColdStarts(options: ColdStartOptions): Promise<SubjectRuns[]> {
  const runs = options.subjects.map((subject) => ({
    id: subject.id,
    kind: subject.kind,
    timings: [] as RunTiming[],
    failures: [] as string[],
  }));
  const eventsDir = join(options.outDir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  for (let index = 0; index <= options.rounds; index += 1) {
    const round: Round = { index, emulators: options.emulators, kept: {} };
    const started = Date.now();
    for (const [position, subject] of options.subjects.entries()) {
      const outcome = await runSubject(subject, round, join(eventsDir, `${position}.json`));
      const target = runs[position];
      if (target === undefined) continue;
      if (typeof outcome === 'string') target.failures.push(outcome);
      else if (index > 0) target.timings.push(outcome);
    }
    options.log(
      `cold starts: ${index === 0 ? 'warm-up round' : `round ${index}/${options.rounds}`} in ${Date.now() - started} ms`,
    );
  }
  return runs;
}
