/**
 * The AWS calls a function makes, as the SDK sent them: a pass-through proxy in front of each local
 * endpoint keeps every request, decoded back into the operation and the input a command takes, so a
 * twin can make the same calls (same-work-twins.ts).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AWS call: the endpoint variable it went to (which service), its operation and its input. */
export interface CapturedCall {
  endpoint: string;
  operation: string;
  input: Record<string, unknown>;
  /** The proxy's clock (ms) when the request arrived and when its answer was sent back. */
  started: number;
  ended: number;
}

export interface WireRequest {
  method: string;
  /** Path and query string, as the request line has them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Tree = { [key: string]: Tree | string };

function insert(tree: Tree, path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    tree[head] = value;
    return;
  }
  const child = tree[head];
  const next: Tree = typeof child === 'object' ? child : {};
  tree[head] = next;
  insert(next, rest, value);
}

const byIndex = (node: Tree) =>
  Object.keys(node)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => node[key] as Tree | string);

/** The query protocol's `List.member.N` become arrays, `Map.entry.N.Name/Value` objects. */
function shapeOf(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const member = node.member;
  if (typeof member === 'object' && Object.keys(node).length === 1) return byIndex(member).map(shapeOf);
  const entry = node.entry;
  if (typeof entry === 'object' && Object.keys(node).length === 1) {
    return Object.fromEntries(
      byIndex(entry).map((item) => {
        const pair = item as Tree;
        return [String(pair.Name ?? pair.key), shapeOf(pair.Value ?? pair.value ?? '')];
      }),
    );
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, shapeOf(value)]));
}

/** A query-protocol form (SES v1, SNS, Auto Scaling) as the input its command takes. */
export function queryInput(form: string): { operation: string; input: Record<string, unknown> } {
  const tree: Tree = {};
  let operation = 'Unknown';
  for (const [key, value] of new URLSearchParams(form)) {
    if (key === 'Action') operation = value;
    else if (key !== 'Version') insert(tree, key.split('.'), value);
  }
  return { operation, input: shapeOf(tree) as Record<string, unknown> };
}

const header = (request: WireRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Decodes a request the SDK sent into its operation and input: the JSON protocols (DynamoDB, SSM,
 * CodePipeline, CodeCommit: `X-Amz-Target`, the body is the input), the query protocol, and REST
 * JSON as Image Builder speaks it (the path names the operation; body and query string are the input).
 */
export function decodeCall(request: WireRequest): { operation: string; input: Record<string, unknown> } {
  const target = header(request, 'x-amz-target');
  if (target !== undefined) {
    return {
      operation: target.slice(target.lastIndexOf('.') + 1),
      input: request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>),
    };
  }
  if ((header(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    return queryInput(request.body);
  }
  const url = new URL(request.url, 'http://capture');
  const operation = url.pathname.split('/').filter(Boolean)[0];
  if (operation === undefined) throw new Error(`cannot tell the operation of ${request.method} ${request.url}`);
  const body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);
  return { operation, input: { ...Object.fromEntries(url.searchParams), ...body } };
}

/**
 * Calls that overlapped (the function had them in flight together) form one group; the groups
 * follow each other. The twin sends a group's calls together, as the function did.
 */
export function concurrentGroups<T extends Pick<CapturedCall, 'started' | 'ended'>>(calls: readonly T[]): T[][] {
  const groups: T[][] = [];
  let groupEnd = Number.NEGATIVE_INFINITY;
  for (const call of [...calls].sort((a, b) => a.started - b.started)) {
    const last = groups.at(-1);
    if (last !== undefined && call.started < groupEnd) last.push(call);
    else groups.push([call]);
    groupEnd = Math.max(groupEnd, call.ended);
  }
  return groups;
}

async function bodyOf(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface Capture {
  /** The same variables as given, each pointing at its proxy. */
  endpoints: Record<string, string>;
  /** The calls kept since the last take, in the order they were answered (their times say when each was sent). */
  take(): CapturedCall[];
  close(): Promise<void>;
}

/** One proxy per `AWS_ENDPOINT_URL_*` variable, forwarding to the endpoint it stands in front of. */
export async function startCapture(endpoints: Record<string, string>): Promise<Capture> {
  let calls: CapturedCall[] = [];
  const servers: Server[] = [];
  const proxied: Record<string, string> = {};
  for (const [variable, target] of Object.entries(endpoints)) {
    const server = createServer(async (incoming, outgoing) => {
      const started = performance.now();
      const body = await bodyOf(incoming);
      const wire: WireRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: body.toString('utf8'),
      };
      const upstream = httpRequest(
        new URL(wire.url, target),
        { method: wire.method, headers: { ...incoming.headers, host: new URL(target).host } },
        async (answer) => {
          const answerBody = await bodyOf(answer);
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          outgoing.end(answerBody);
          calls.push({
            endpoint: variable,
            ...decodeCall(wire),
            started,
            ended: performance.now(),
          });
        },
      );
      upstream.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      upstream.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    proxied[variable] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return {
    endpoints: proxied,
    take: () => {
      const taken = calls;
      calls = [];
      return taken;
    },
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
