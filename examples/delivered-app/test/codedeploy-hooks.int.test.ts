/**
 * The EC2 variant's CodeDeploy hooks, run as the agent runs them: in appspec.yml's order, as
 * separate bash processes, with DEPLOYMENT_ID and LIFECYCLE_EVENT set, against a temporary root
 * laid out as the image lays out /opt/runway. `systemctl` is a recorder on PATH that, like the
 * image's runway-app unit, runs <root>/current/server.js with deploy/release.env on restart and
 * stops it on stop; the release's /health is real (backend on MariaDB).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { databaseEnvironment, type MariaDb, startMariaDb } from './support/mariadb';
import { APP_ROOT, freePort } from './support/processes';

/** The hooks of appspec.yml in the order CodeDeploy runs those lifecycle events. */
const LIFECYCLE = ['ApplicationStop', 'BeforeInstall', 'AfterInstall', 'ApplicationStart', 'ValidateService'];

async function appspecHooks(): Promise<{ event: string; script: string }[]> {
  const text = await readFile(join(APP_ROOT, 'appspec.yml'), 'utf8');
  const hooks: Record<string, string> = {};
  let event = '';
  for (const line of text.split('\n')) {
    const heading = /^ {2}(\w+):\s*$/.exec(line);
    if (heading?.[1]) event = heading[1];
    const location = /^\s+- location: (\S+)/.exec(line);
    if (location?.[1] && event) hooks[event] = location[1];
  }
  return LIFECYCLE.filter((name) => name in hooks).map((name) => ({ event: name, script: hooks[name] as string }));
}

const SYSTEMCTL_RECORDER = `#!/bin/bash
# Records every call; runs and stops the release the way the runway-app unit does.
echo "$*" >> "$SYSTEMCTL_LOG"
case "$1 $2" in
  "restart runway-app"|"start runway-app")
    if [ -f "$UNIT_PID" ]; then kill "$(cat "$UNIT_PID")" 2>/dev/null || true; rm -f "$UNIT_PID"; fi
    cd "$RUNWAY_ROOT/current"
    set -a; [ -f deploy/release.env ] && . deploy/release.env; set +a
    nohup node "$RUNWAY_ROOT/current/server.js" >> "$UNIT_LOG" 2>&1 &
    echo $! > "$UNIT_PID"
    ;;
  "stop runway-app")
    if [ -f "$UNIT_PID" ]; then kill "$(cat "$UNIT_PID")" 2>/dev/null || true; rm -f "$UNIT_PID"; fi
    ;;
esac
exit 0
`;

interface Host {
  root: string;
  env: Record<string, string>;
  log: string;
}

let db: MariaDb;
let workDir: string;
let nodeModules: string;

beforeAll(async () => {
  db = await startMariaDb();
  workDir = await mkdtemp(join(tmpdir(), 'runway-hooks-'));
  // The revision carries its production dependencies (buildspecs/ec2.yml); here, the installed ones.
  nodeModules = dirname(dirname(require.resolve('mysql2/package.json')));
}, 60_000);

afterAll(async () => {
  await db?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** `validateAttempts` × 0.25 s is how long ValidateService waits: long for a release that should
 * pass (a loaded machine starts Node slowly), short for one that must fail. */
async function newHost(name: string, database: Record<string, string>, validateAttempts = 80): Promise<Host> {
  const root = join(workDir, name, 'opt', 'runway');
  const bin = join(workDir, name, 'bin');
  await mkdir(join(root, 'releases'), { recursive: true });
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'systemctl'), SYSTEMCTL_RECORDER, { mode: 0o755 });
  const port = await freePort();
  const log = join(workDir, name, 'systemctl.log');
  return {
    root,
    log,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: process.env.HOME ?? '/root',
      RUNWAY_ROOT: root,
      RUNWAY_USER: userInfo().username,
      SYSTEMCTL_LOG: log,
      UNIT_PID: join(workDir, name, 'unit.pid'),
      UNIT_LOG: join(workDir, name, 'unit.log'),
      // The unit's environment, with the database given directly instead of through Parameter Store.
      PORT: String(port),
      NODE_ENV: 'production',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...database,
      HEALTH_URL: `http://127.0.0.1:${port}/health`,
      VALIDATE_ATTEMPTS: String(validateAttempts),
      VALIDATE_INTERVAL: '0.25',
    },
  };
}

/** What CodeDeploy's agent does with the files section: the whole revision into <root>/incoming. */
async function copyRevision(host: Host, commit: string): Promise<void> {
  const incoming = join(host.root, 'incoming');
  for (const entry of ['appspec.yml', 'server.js', 'package.json', 'deploy', 'backend', 'frontend']) {
    await cp(join(APP_ROOT, entry), join(incoming, entry), { recursive: true });
  }
  await symlink(nodeModules, join(incoming, 'node_modules'));
  await writeFile(join(incoming, 'deploy', 'release.env'), `AMI_ID=ami-0test\nIMAGE_ARN=none\nCOMMIT_ID=${commit}\n`);
}

interface HookRun {
  event: string;
  code: number;
  output: string;
}

function runHook(host: Host, deploymentId: string, event: string, script: string): Promise<HookRun> {
  // CodeDeploy runs the ApplicationStop hook of the revision deployed before; the others from the new one.
  const base = event === 'ApplicationStop' ? join(host.root, 'current') : join(host.root, 'incoming');
  const from = event === 'ApplicationStart' || event === 'ValidateService' ? join(host.root, 'current') : base;
  return new Promise((resolve) => {
    execFile(
      'bash',
      [join(from, script)],
      { env: { ...host.env, DEPLOYMENT_ID: deploymentId, LIFECYCLE_EVENT: event }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ event, code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** Runs the hooks in order and stops at the first failure, as a deployment does. */
async function deploy(host: Host, deploymentId: string, commit: string): Promise<HookRun[]> {
  await copyRevision(host, commit);
  const runs: HookRun[] = [];
  for (const { event, script } of await appspecHooks()) {
    // A fresh instance has no previous revision, so no ApplicationStop hook to run.
    if (event === 'ApplicationStop' && (await exists(join(host.root, 'current', script))) === false) continue;
    const run = await runHook(host, deploymentId, event, script);
    runs.push(run);
    if (run.code !== 0) break;
  }
  return runs;
}

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

const systemctlCalls = async (host: Host) => (await readFile(host.log, 'utf8')).trim().split('\n');

async function stopUnit(host: Host): Promise<void> {
  await new Promise((resolve) => execFile('systemctl', ['stop', 'runway-app'], { env: host.env }, resolve));
}

describe('CodeDeploy hooks of the EC2 variant', () => {
  it('names a hook for each lifecycle event the release needs, in CodeDeploy’s order', async () => {
    expect((await appspecHooks()).map((hook) => hook.event)).toEqual([
      'ApplicationStop',
      'AfterInstall',
      'ApplicationStart',
      'ValidateService',
    ]);
  });

  it('installs a first release, starts it through systemd and validates its health on the application port', async () => {
    const host = await newHost('first', databaseEnvironment(db));
    try {
      const runs = await deploy(host, 'd-FIRST0001', 'commit-one');
      expect(runs.map((run) => [run.event, run.code])).toEqual([
        ['AfterInstall', 0],
        ['ApplicationStart', 0],
        ['ValidateService', 0],
      ]);
      expect(runs.at(-1)?.output).toContain('"version":"commit-one"');
      expect(await readlink(join(host.root, 'current'))).toBe(join(host.root, 'releases', 'd-FIRST0001'));
      expect(await exists(join(host.root, 'incoming', 'server.js'))).toBe(false);
      expect(await systemctlCalls(host)).toEqual(['daemon-reload', 'restart runway-app']);
    } finally {
      await stopUnit(host);
    }
  });

  it('stops the running release before installing the next, and validates that the next one answers', async () => {
    const host = await newHost('second', databaseEnvironment(db));
    try {
      await deploy(host, 'd-SECOND001', 'commit-one');
      const runs = await deploy(host, 'd-SECOND002', 'commit-two');
      expect(runs.map((run) => [run.event, run.code])).toEqual([
        ['ApplicationStop', 0],
        ['AfterInstall', 0],
        ['ApplicationStart', 0],
        ['ValidateService', 0],
      ]);
      expect(runs.at(-1)?.output).toContain('"version":"commit-two"');
      expect(await systemctlCalls(host)).toEqual([
        'daemon-reload',
        'restart runway-app',
        'list-unit-files runway-app.service',
        'stop runway-app',
        'daemon-reload',
        'restart runway-app',
      ]);
      expect(await readdir(join(host.root, 'releases'))).toEqual(['d-SECOND001', 'd-SECOND002']);
      expect(await readlink(join(host.root, 'current'))).toBe(join(host.root, 'releases', 'd-SECOND002'));
    } finally {
      await stopUnit(host);
    }
  });

  it('fails ValidateService when the new release never answers its health check (it cannot reach its database)', async () => {
    const unreachable = { ...databaseEnvironment(db), DB_PORT: String(await freePort()) };
    const host = await newHost('unhealthy', unreachable, 12);
    try {
      const runs = await deploy(host, 'd-BROKEN001', 'commit-broken');
      expect(runs.map((run) => [run.event, run.code])).toEqual([
        ['AfterInstall', 0],
        ['ApplicationStart', 0],
        ['ValidateService', 1],
      ]);
      expect(runs.at(-1)?.output).toContain(`did not answer ${host.env.HEALTH_URL} healthy for release commit-broken`);
    } finally {
      await stopUnit(host);
    }
  }, 60_000);

  it('fails ValidateService when the running release answers /health with 503 (its database stopped)', async () => {
    const own = await startMariaDb();
    const host = await newHost('database-gone', databaseEnvironment(own));
    try {
      const runs = await deploy(host, 'd-DBGONE001', 'commit-db');
      expect(runs.at(-1)).toMatchObject({ event: 'ValidateService', code: 0 });
      await own.stop();
      host.env.VALIDATE_ATTEMPTS = '8';
      const validate = await runHook(host, 'd-DBGONE001', 'ValidateService', 'deploy/validate.sh');
      expect(validate.code).toBe(1);
      expect(validate.output).toContain('did not answer');
    } finally {
      await stopUnit(host);
      await own.stop();
    }
  }, 60_000);

  it('fails ValidateService when an older release still answers on the port instead of the new one', async () => {
    const host = await newHost('stale', databaseEnvironment(db));
    try {
      await deploy(host, 'd-STALE0001', 'commit-old');
      // The new release is installed but its restart never happens (the old process keeps the port).
      host.env.VALIDATE_ATTEMPTS = '12';
      await copyRevision(host, 'commit-new');
      await runHook(host, 'd-STALE0002', 'AfterInstall', 'deploy/install.sh');
      const validate = await runHook(host, 'd-STALE0002', 'ValidateService', 'deploy/validate.sh');
      expect(validate.code).toBe(1);
      expect(validate.output).toContain('answers for another release');
    } finally {
      await stopUnit(host);
    }
  }, 60_000);

  it('refuses in AfterInstall a revision that has no server.js', async () => {
    const host = await newHost('not-a-release', databaseEnvironment(db));
    await mkdir(join(host.root, 'incoming', 'deploy'), { recursive: true });
    await cp(join(APP_ROOT, 'deploy', 'install.sh'), join(host.root, 'incoming', 'deploy', 'install.sh'));
    const run = await runHook(host, 'd-EMPTY0001', 'AfterInstall', 'deploy/install.sh');
    expect(run).toMatchObject({ code: 1, output: expect.stringContaining('the revision has no server.js') });
    expect(await exists(join(host.root, 'current'))).toBe(false);
  });

  it('keeps only the five newest releases', async () => {
    const host = await newHost('pruning', databaseEnvironment(db));
    for (let n = 1; n <= 7; n += 1) {
      await copyRevision(host, `commit-${n}`);
      const run = await runHook(host, `d-PRUNE000${n}`, 'AfterInstall', 'deploy/install.sh');
      expect(run.code).toBe(0);
      // Release directories are ordered by modification time; keep them apart.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await readdir(join(host.root, 'releases'))).sort()).toEqual([
      'd-PRUNE0003',
      'd-PRUNE0004',
      'd-PRUNE0005',
      'd-PRUNE0006',
      'd-PRUNE0007',
    ]);
  });
});
