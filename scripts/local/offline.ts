import { type ChildProcess, spawn } from 'node:child_process';
import { SERVERLESS_BIN, serviceDir } from '../../test-support/paths';

export interface OfflineOptions {
  service: string;
  stage: string;
  httpPort: number;
  lambdaPort: number;
  env: Record<string, string>;
  /** Stage params given on the command line (`--param key=value`); they win over serverless.yml. */
  params?: Record<string, string>;
  /** Echo the service's output (the dev stack does, tests keep it for failures). */
  echo?: boolean;
  /**
   * Skip serverless-offline's own JWT authorizer (`--noAuth`). It only decodes tokens, so the
   * functions verify them instead (shared/src/auth/token-verifier.ts), with the API's usual
   * error body for every refusal.
   */
  noAuth?: boolean;
}

export interface RunningOffline {
  url: string;
  process: ChildProcess;
  output(): string;
  close(): Promise<void>;
}

/**
 * What every service runs with locally, as params (never environment variables: a package must not
 * depend on the shell it was built from). serverless-offline starts a fresh worker per concurrent
 * request; on a busy 2-core machine 50 cold workers take longer than the deployed 10 s timeout to load.
 */
const LOCAL_PARAMS = { localTimeout: '30' };

/** Starts serverless-offline for one service and resolves once its HTTP server listens. */
export function startOffline(options: OfflineOptions): Promise<RunningOffline> {
  const child = spawn(
    process.execPath,
    [
      SERVERLESS_BIN,
      'offline',
      'start',
      '--stage',
      options.stage,
      '--httpPort',
      String(options.httpPort),
      '--lambdaPort',
      String(options.lambdaPort),
      '--host',
      '127.0.0.1',
      ...Object.entries({ ...LOCAL_PARAMS, ...options.params }).flatMap(([key, value]) => [
        '--param',
        `${key}=${value}`,
      ]),
      ...(options.noAuth ? ['--noAuth'] : []),
    ],
    {
      cwd: serviceDir(options.service),
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const url = `http://127.0.0.1:${options.httpPort}`;
  const running: RunningOffline = {
    url,
    process: child,
    output: () => output,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // The whole process group: serverless-offline runs handlers in workers and children.
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      }),
  };
  // A busy machine (several stacks starting at once) may need longer: RUNWAY_OFFLINE_START_SECONDS.
  const startSeconds = Number(process.env.RUNWAY_OFFLINE_START_SECONDS ?? 120) || 120;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void running.close();
      reject(new Error(`serverless-offline for ${options.service} did not start in ${startSeconds} s:\n${output}`));
    }, startSeconds * 1000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (options.echo) process.stdout.write(text);
      if (/Server ready/.test(output)) {
        clearTimeout(timer);
        resolve(running);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serverless-offline for ${options.service} exited with ${code}:\n${output}`));
    });
  });
}
