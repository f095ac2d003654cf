import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AccountState, createAccountState } from './account-state';
import { AwsError, UnknownOperationError } from './aws-error';
import { cloudFormationService } from './cloudformation';
import type { Stack } from './cloudformation/stack';
import { ecrService } from './ecr';
import { Journal, type JournalEntry } from './journal';
import { lambdaService } from './lambda';
import { s3Service } from './s3';
import { ssmService } from './ssm';
import {
  credentialScope,
  type RoutedRequest,
  type ServiceModule,
  type StandinRequest,
  type StandinResponse,
} from './standin-request';
import { stsService } from './sts';

/**
 * A local stand-in for the AWS calls `serverless deploy`, `info` and `remove` (single service and
 * compose) and serverless-finch's upload make, answered as AWS answers them. Point the SDK at it with
 * `AWS_ENDPOINT_URL=<url>`; the signed credential scope of each request names the service.
 */

export interface AwsStandinOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Rewritten after every request: the journal of requests and templates. */
  journalFile?: string;
  /** Called for each request the stand-in cannot answer (the CLI prints them). */
  onUnknown?: (entry: JournalEntry) => void;
}

export interface AwsStandin {
  url: string;
  port: number;
  close(): Promise<void>;
  journal: Journal;
  /** Live stacks by name. */
  stacks: Map<string, Stack>;
  /** The whole account: buckets, stacks (also deleted ones, by id), parameters, names taken, exports. */
  state: AccountState;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: StandinResponse): void {
  const body = answer.body ?? '';
  const headers = { 'x-amzn-requestid': crypto.randomUUID(), ...answer.headers };
  if (!('content-length' in headers)) Object.assign(headers, { 'content-length': String(Buffer.byteLength(body)) });
  response.writeHead(answer.status, headers);
  response.end(body);
}

function unsignedAnswer(service: string): StandinResponse {
  return {
    status: 400,
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>NotImplemented</Code><Message>The AWS stand-in does not answer ${service}</Message></Error></ErrorResponse>`,
  };
}

export async function startAwsStandin(options: AwsStandinOptions = {}): Promise<AwsStandin> {
  const journal = new Journal(options.journalFile);
  const state = createAccountState(journal);
  const services: Record<string, ServiceModule> = {
    cloudformation: cloudFormationService(state),
    s3: s3Service(state),
    sts: stsService(state),
    ssm: ssmService(state),
    ecr: ecrService(state),
    lambda: lambdaService(state),
  };

  const unknownService = (request: StandinRequest): StandinResponse => {
    const entry = {
      service: request.service,
      action: `${request.method} ${request.path}`,
      params: {},
      status: 400,
      error: 'UnknownOperation',
    };
    journal.record(entry);
    options.onUnknown?.({ at: new Date().toISOString(), ...entry });
    return unsignedAnswer(request.service);
  };

  const refused = (
    request: StandinRequest,
    service: ServiceModule,
    error: AwsError,
    params: Record<string, unknown>,
    routedAction?: string,
  ) => {
    const unknown = error instanceof UnknownOperationError;
    const action = unknown ? error.action : (routedAction ?? 'Unknown');
    const entry = {
      service: request.service,
      action,
      params,
      status: error.status,
      message: error.message,
      error: unknown ? 'UnknownOperation' : error.code,
    };
    journal.record(entry);
    if (unknown) options.onUnknown?.({ at: new Date().toISOString(), ...entry });
    return service.renderError(error, request);
  };

  const handle = (request: StandinRequest): StandinResponse => {
    const service = services[request.service];
    if (!service) return unknownService(request);
    let routed: RoutedRequest | undefined;
    try {
      routed = service.route(request);
      const answer = routed.run();
      journal.record({ service: request.service, action: routed.action, params: routed.params, status: answer.status });
      return answer;
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      return refused(request, service, error, routed?.params ?? {}, routed?.action);
    }
  };

  const server = createServer((incoming, response) => {
    readBody(incoming)
      .then((body) => {
        const url = new URL(incoming.url ?? '/', 'http://localhost');
        const scope = credentialScope(incoming.headers, url.searchParams);
        const request: StandinRequest = {
          method: incoming.method ?? 'GET',
          path: decodeURIComponent(url.pathname),
          query: url.searchParams,
          headers: incoming.headers,
          body,
          service: scope?.service ?? 'unsigned',
          region: scope?.region ?? 'us-east-1',
        };
        send(response, handle(request));
      })
      .catch((error: unknown) => {
        journal.record({
          service: 'stand-in',
          action: incoming.url ?? '',
          params: {},
          status: 500,
          error: 'InternalFailure',
          message: String(error),
        });
        send(response, {
          status: 500,
          body: `AWS stand-in failure: ${error instanceof Error ? error.stack : String(error)}`,
        });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    journal,
    stacks: state.stacks,
    state,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
