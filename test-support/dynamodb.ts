import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import dynalite from 'dynalite';
import { dynaliteWithTransactions } from './dynalite-transactions';
import { type RunningServer, serveOnLoopback } from './ports';

export type { RunningServer } from './ports';

/**
 * Starts dynalite (DynamoDB) on loopback. With `path` the data is kept in
 * LevelDB files there, so a restarted stack keeps its records. TransactWriteItems, which dynalite
 * lacks, is added by dynalite-transactions.ts.
 */
export function startDynamoDb(options: { port: number; path?: string }): Promise<RunningServer> {
  const server = dynaliteWithTransactions(() =>
    dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }),
  );
  return serveOnLoopback(server, options.port);
}

/**
 * Runs one of the maintenance scripts (scripts/*.ts) against the integration stack's dynalite,
 * reached through the SDK's own endpoint variable as a deployed run reaches AWS.
 */
export function runScriptOnTestTables(script: string, args: readonly string[]) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], {
    env: {
      ...process.env,
      AWS_ENDPOINT_URL_DYNAMODB: process.env.RUNWAY_DYNAMODB_URL,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
  });
}
