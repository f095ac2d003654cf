import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nsToMs } from './stats';

export const RUNNER_DIR = join(__dirname, 'runner');

/** One cold start: times from the parent's spawn (process start) to the end of the first invocation. */
export interface RunTiming {
  /** spawn → first line of the runner: the runtime's own start (Node or Python bootstrap). */
  bootMs: number;
  /** require / import of the handler module: module load. */
  loadMs: number;
  /** The first invocation, until its promise resolved. */
  invokeMs: number;
  /** load + invoke: what the function's own code costs. */
  codeMs: number;
  /** boot + load + invoke: spawn to handler resolution. */
  coldMs: number;
}

export interface RunOutcome {
  timing?: RunTiming;
  /** When each invocation resolved (the runner's monotonic ns): the warm answers' times are the gaps. */
  invoked?: string[];
  results: unknown[];
  error?: string;
  output: string;
}

interface RunnerReport {
  started: string;
  loaded?: string;
  invoked?: string[];
  results?: unknown[];
  error?: string;
}

const MARKER = '@@bench-result ';

/** Reads the runner's report line out of everything the process printed (the handler logs too). */
export function parseReport(output: string): RunnerReport | undefined {
  const line = output
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(MARKER));
  return line === undefined ? undefined : (JSON.parse(line.slice(MARKER.length)) as RunnerReport);
}

/** Turns the runner's monotonic timestamps (ns) into a {@link RunTiming}. */
export function timingOf(spawnedAt: bigint, report: RunnerReport): RunTiming | undefined {
  const first = report.invoked?.[0];
  if (report.loaded === undefined || first === undefined) return undefined;
  const started = BigInt(report.started);
  const loaded = BigInt(report.loaded);
  const invoked = BigInt(first);
  return {
    bootMs: nsToMs(spawnedAt, started),
    loadMs: nsToMs(started, loaded),
    invokeMs: nsToMs(loaded, invoked),
    codeMs: nsToMs(started, invoked),
    coldMs: nsToMs(spawnedAt, invoked),
  };
}

export interface RunSpec {
  command: string;
  /** Arguments before the events file, which is appended. */
  args: string[];
  env: Record<string, string>;
  events: unknown[];
  /** Where to write the events file. */
  eventsPath: string;
  timeoutMs?: number;
}

/**
 * Spawns one fresh process (Node or Python runner) and waits for its report.
 * process.hrtime and Python's monotonic_ns read the same CLOCK_MONOTONIC, so
 * the child's timestamps are compared with the moment of the spawn here.
 */
export function runOnce(spec: RunSpec): Promise<RunOutcome> {
  writeFileSync(spec.eventsPath, JSON.stringify(spec.events));
  return new Promise((resolve) => {
    let output = '';
    const spawnedAt = process.hrtime.bigint();
    const child = spawn(spec.command, [...spec.args, spec.eventsPath], {
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ results: [], error: String(error), output });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const report = parseReport(output);
      if (report === undefined) {
        resolve({ results: [], error: `no report (exit ${code})`, output });
        return;
      }
      resolve({
        timing: timingOf(spawnedAt, report),
        invoked: report.invoked,
        results: report.results ?? [],
        error: report.error,
        output,
      });
    });
  });
}
