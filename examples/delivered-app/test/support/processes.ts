/** Starting the application's servers as the platform does: a separate Node process, env only. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const APP_ROOT = join(__dirname, '..', '..');

/** A port nothing listens on at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Running {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Environment of the test process without what would change the application's behaviour. */
function baseEnvironment(): NodeJS.ProcessEnv {
  // The SDK's notice about Node 20 would only clutter the output the tests read.
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const name of Object.keys(env)) {
    if (/^(DB_|API_URL|APP_PARAMETER_PATH|PORT$|COMMIT_ID|AWS_ENDPOINT_URL)/.test(name)) delete env[name];
  }
  return env;
}

/** Runs `node <script>` from the application and waits until it answers `readyPath`. */
export async function startNode(script: string, env: Record<string, string>, readyPath = '/'): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(APP_ROOT, script)], {
    cwd: APP_ROOT,
    env: { ...baseEnvironment(), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${output}`);
    try {
      await fetch(`${url}${readyPath}`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${script} did not listen within 20 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `node <script>` expecting it to fail at start; resolves with its exit code and output. */
export function runToExit(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(APP_ROOT, script)], {
      cwd: APP_ROOT,
      env: { ...baseEnvironment(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
