import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import startSesServer from 'aws-ses-v2-local';
import type { RunningServer } from './dynamodb';

/** An email as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** Epoch seconds. */
  at: number;
}

/**
 * Starts aws-ses-v2-local (SES v1 and v2 API) on loopback. Its inbox UI is at
 * the root URL, every email as JSON at `/store`.
 */
export async function startSes(options: { port: number }): Promise<RunningServer> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port: options.port });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The inbox UI polls with keep-alive connections; without this, close waits for them.
        server.closeAllConnections();
      }),
  };
}

/** Every email the local SES holds, oldest first. */
export async function readInbox(sesUrl: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`aws-ses-v2-local /store answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails;
}
