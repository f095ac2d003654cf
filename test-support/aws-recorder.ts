import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AWS API call as the recorder received it. */
export interface RecordedCall {
  /** Operation name: from `X-Amz-Target` (JSON protocol), `Action` (query protocol) or the first path segment (REST JSON). */
  operation: string;
  /** `X-Amz-Target` prefix such as `CodePipeline_20150709`, or the path for REST JSON calls. */
  service: string;
  method: string;
  path: string;
  /** Query-string parameters (REST JSON GETs such as Image Builder's GetImage carry their input here). */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the form fields of a query-protocol call. */
  body: Record<string, unknown>;
}

/** A canned answer. `error` makes an AWS-style error response with that code. */
export interface RecorderResponse {
  status?: number;
  body?: unknown;
  error?: { code: string; message?: string; status?: number };
}

type Responder = RecorderResponse | ((call: RecordedCall) => RecorderResponse);

export interface AwsRecorder {
  url: string;
  calls: RecordedCall[];
  /** Calls of one operation, in order. */
  callsTo(operation: string): RecordedCall[];
  /** Answer `operation` with `response` from now on (a queue when given several times with `once`). */
  respond(operation: string, response: Responder): void;
  /** Answer the next call of `operation` with `response`, then fall back. */
  respondOnce(operation: string, response: Responder): void;
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseCall(request: IncomingMessage, raw: string): RecordedCall {
  const target = request.headers['x-amz-target'];
  const contentType = String(request.headers['content-type'] ?? '');
  const url = new URL(request.url ?? '/', 'http://recorder');
  const query = Object.fromEntries(url.searchParams);
  if (contentType.includes('x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(raw));
    return {
      operation: String(form.Action ?? 'Unknown'),
      service: 'query',
      method: request.method ?? 'POST',
      path: url.pathname,
      query,
      headers: request.headers,
      body: form,
    };
  }
  const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
  if (typeof target === 'string') {
    const [service = '', operation = ''] = target.split('.');
    return {
      operation,
      service,
      method: request.method ?? 'POST',
      path: url.pathname,
      query,
      headers: request.headers,
      body,
    };
  }
  const operation = url.pathname.split('/').filter(Boolean)[0] ?? 'Unknown';
  return {
    operation,
    service: url.pathname,
    query,
    method: request.method ?? 'GET',
    path: url.pathname,
    headers: request.headers,
    body,
  };
}

interface RenderedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function renderError(call: RecordedCall, error: NonNullable<RecorderResponse['error']>): RenderedAnswer {
  const query = call.service === 'query';
  return {
    status: error.status ?? 400,
    headers: { 'content-type': query ? 'text/xml' : 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code },
    body: query
      ? `<ErrorResponse><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${error.message ?? ''}</Message></Error><RequestId>recorder</RequestId></ErrorResponse>`
      : JSON.stringify({ __type: error.code, message: error.message ?? error.code }),
  };
}

/** Query-protocol services (SES v1, SNS) answer XML; JSON and REST JSON services answer JSON. */
function renderAnswer(call: RecordedCall, answer: RecorderResponse): RenderedAnswer {
  if (answer.error) return renderError(call, answer.error);
  const status = answer.status ?? 200;
  if (call.service !== 'query') {
    return {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify(answer.body ?? {}),
    };
  }
  const { operation } = call;
  const body =
    typeof answer.body === 'string'
      ? answer.body
      : `<${operation}Response><${operation}Result/><ResponseMetadata><RequestId>recorder</RequestId></ResponseMetadata></${operation}Response>`;
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

/**
 * A local stand-in for AWS services that have no emulator (CodePipeline, Image
 * Builder, SSM, SNS...). Point a client at it with AWS_ENDPOINT_URL_<SERVICE>;
 * it records every call and answers `{}` unless told otherwise.
 */
export async function startAwsRecorder(port = 0): Promise<AwsRecorder> {
  const calls: RecordedCall[] = [];
  const standing = new Map<string, Responder>();
  const queued = new Map<string, Responder[]>();

  const server: Server = createServer((request, response) => {
    void (async () => {
      const call = parseCall(request, await readBody(request));
      calls.push(call);
      const responder = queued.get(call.operation)?.shift() ?? standing.get(call.operation) ?? {};
      const answer = typeof responder === 'function' ? responder(call) : responder;
      const { status, headers, body } = renderAnswer(call, answer);
      response.writeHead(status, { 'x-amzn-requestid': 'recorder', ...headers });
      response.end(body);
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ __type: 'RecorderError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const { port: actualPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actualPort}`,
    calls,
    callsTo: (operation) => calls.filter((call) => call.operation === operation),
    respond: (operation, response) => {
      standing.set(operation, response);
    },
    respondOnce: (operation, response) => {
      const queue = queued.get(operation) ?? [];
      queue.push(response);
      queued.set(operation, queue);
    },
    reset: () => {
      calls.length = 0;
      standing.clear();
      queued.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
