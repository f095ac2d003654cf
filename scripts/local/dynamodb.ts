import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite (DynamoDB) on loopback. With `path` the data is kept in
 * LevelDB files there, so a restarted stack keeps its records.
 */
export async function startDynamoDb(options: { port: number; path?: string }): Promise<RunningServer> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
