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
