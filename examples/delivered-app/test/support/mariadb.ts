/**
 * A throwaway MariaDB server for the tests: Debian's `mariadb-server` binaries, a fresh data
 * directory in the temp folder, a free port on 127.0.0.1, stopped and deleted by `stop()`.
 * MariaDB speaks the MySQL protocol the backend uses against RDS MySQL.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort } from './processes';

export interface MariaDb {
  host: string;
  port: number;
  /** The application's database and the account it uses (not root, as with RDS). */
  database: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/usr/local/bin'];

function findBinary(names: string[]): string {
  for (const name of names) {
    for (const dir of SEARCH_PATH) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error(
    `none of ${names.join(', ')} found: install Debian's mariadb-server (apt-get install mariadb-server)`,
  );
}

async function waitForServer(port: number, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`mariadbd exited with ${server.exitCode}; see ${log}`);
    try {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await connection.end();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`mariadbd did not accept connections within 30 s; see ${log}`);
}

/** Starts a server with an empty `runway` database and an `app` account that may use it. */
export async function startMariaDb(): Promise<MariaDb> {
  const dir = await mkdtemp(join(tmpdir(), 'runway-mariadb-'));
  const dataDir = join(dir, 'data');
  const log = join(dir, 'error.log');
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
  await promisify(execFile)(installDb, [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  const port = await freePort();
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--log-error=${log}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--skip-name-resolve',
    '--innodb-buffer-pool-size=16M',
  ];
  // mariadbd refuses to run as root unless told to; CI machines run the tests as root.
  if (process.getuid?.() === 0) args.push(`--user=${userInfo().username}`);
  const server = spawn(findBinary(['mariadbd', 'mysqld']), args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    await waitForServer(port, server, log);
    const root = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
    await root.query('CREATE DATABASE runway');
    await root.query("CREATE USER 'app'@'%' IDENTIFIED BY 'app-password'");
    await root.query("GRANT ALL PRIVILEGES ON runway.* TO 'app'@'%'");
    await root.end();
  } catch (error) {
    server.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    database: 'runway',
    user: 'app',
    password: 'app-password',
    async stop() {
      if (server.exitCode === null) server.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The backend's environment on ECS for this server (what the task definition injects). */
export function databaseEnvironment(db: MariaDb): Record<string, string> {
  return {
    DB_HOST: db.host,
    DB_PORT: String(db.port),
    DB_NAME: db.database,
    DB_USER: db.user,
    DB_PASSWORD: db.password,
  };
}
