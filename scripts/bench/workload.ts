/**
 * What a service's bench file (`services/<name>/bench/*.bench.ts`, discovered by bench.ts) declares,
 * and the helpers those files share: the checks, the HTTP API event, the scheduled event.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, EventBridgeEvent } from 'aws-lambda';
import type { RecordedCall } from '../../test-support/aws-recorder';
import { loadEvent } from '../../test-support/events';
import { LOCAL_PEOPLE, type LocalPerson } from '../../test-support/people';
import type { Emulators } from './emulators';

export { readInbox } from '../../test-support/ses';
export { BENCH_STAGE, type Emulators } from './emulators';
export { LOCAL_PEOPLE, type LocalPerson };

/** What one round of runs shares: what a function keeps for the later ones of its service (a record id, an approval). */
export interface Round {
  index: number;
  emulators: Emulators;
  kept: Record<string, unknown>;
}

/** Checks one run: the handler's result and the AWS calls the recorder saw meanwhile. */
export type Check = (result: unknown, calls: RecordedCall[]) => string | undefined;

export interface Workload {
  /** The events of one invocation (an array with one event for a cold start). */
  events(round: Round): Promise<unknown[]> | unknown[];
  check: Check;
  /** After a successful run: remember what later functions of the round need. */
  after?(result: unknown, round: Round): Promise<void> | void;
  /** Environment on top of the packaged one, where the local stand-ins differ from AWS (as the local stack sets it). */
  env?: Record<string, string>;
  /** The Python peer (scripts/bench/python/<peer>.py) the function's cold start is compared with. */
  peer?: string;
}

/** A boto3 handler doing the same AWS calls as the functions compared with it. */
export interface PythonPeer {
  /** The function (of the declaring service) whose packaged environment the peer runs with. */
  envOf: string;
  /** What it does, for the report. */
  does: string;
  workload: Workload;
}

/**
 * A function that must answer as fast over a large data set as over a small one (scale.ts): the
 * sizes, smallest first, how each is seeded, and the largest ratio of the medians allowed.
 */
export interface ScaleBench {
  functionKey: string;
  /** What it answers, for the report. */
  does: string;
  /** Record counts, smallest first (`npm run bench -- --scale-records 2000,20000` overrides them). */
  sizes: readonly number[];
  /** Seeds data set number `dataset` of `records` records and returns the event that reads it. */
  prepare(emulators: Emulators, records: number, dataset: number): Promise<unknown>;
  /** The check of an answer over a data set of `records` records. */
  check(records: number): Check;
  maxRatio: number;
  env?: Record<string, string>;
}

/** A service's bench file: a representative invocation of each function, in the order a round runs them. */
export interface ServiceBench {
  /** A function timed over a small and a large data set (scale.ts). */
  scale?: ScaleBench;
  workloads: Record<string, Workload>;
  peers?: Record<string, PythonPeer>;
  /** Before the first run: canned AWS answers and seeded items the functions read. */
  setup?(emulators: Emulators): Promise<void> | void;
  /** Events a function handles once before the rounds (records for the reading functions). */
  seed?: { functionKey: string; events(): unknown[] };
}

/** A DocumentClient on the bench's dynalite, for setups that seed or reset items. */
export function documentClient(emulators: Emulators): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: emulators.dynamodbUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

// ---- checks ---------------------------------------------------------------------------------------

export const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

export const statusIs =
  (expected: number): Check =>
  (result) => {
    const status = field(result, 'statusCode');
    return status === expected
      ? undefined
      : `expected HTTP ${expected}, got ${status}: ${String(field(result, 'body'))}`;
  };

export const jsonBody = (result: unknown): unknown => {
  try {
    return JSON.parse(String(field(result, 'body')));
  } catch {
    return undefined;
  }
};

/** HTTP `expected`, and the JSON body passes `problem` (which names what is wrong, or returns undefined). */
export const statusAnd =
  (expected: number, problem: (body: unknown) => string | undefined): Check =>
  (result, calls) =>
    statusIs(expected)(result, calls) ?? problem(jsonBody(result));

export const oneProcessed: Check = (result) =>
  field(result, 'processed') === 1 && (field(result, 'dropped') ?? 0) === 0
    ? undefined
    : `expected one processed SNS record, got ${JSON.stringify(result)}`;

export const called =
  (operation: string, also: Check = () => undefined): Check =>
  (result, calls) =>
    calls.some((call) => call.operation === operation) ? also(result, calls) : `${operation} was not called`;

export const jobSucceeded: Check = (_result, calls) => {
  const failure = calls.find((call) => call.operation === 'PutJobFailureResult');
  if (failure) return `PutJobFailureResult: ${JSON.stringify(failure.body.failureDetails)}`;
  return calls.some((call) => call.operation === 'PutJobSuccessResult') ? undefined : 'no PutJobSuccessResult';
};

// ---- events ---------------------------------------------------------------------------------------

interface HttpRequest {
  method: string;
  routeKey: string;
  path: string;
  body?: string;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  base64?: boolean;
  /**
   * Put API Gateway's JWT authorizer context on it, as for the metrics API's routes: `true` for the
   * fixture's caller (a manager who is also an engineer), or the claims of another person.
   */
  signedIn?: boolean | SignedInPerson;
}

/** Who a token names: the fields of a seeded person that become its ID token's claims. */
export type SignedInPerson = Pick<LocalPerson, 'id' | 'email' | 'name' | 'groups'>;

interface SignedInEvent {
  requestContext: { authorizer: { jwt: { claims: Record<string, string> } } };
}

/** The fixture's authorizer context, with the claims of `person` when given (arrays flattened as API Gateway does). */
export function authorizerOf(person: true | SignedInPerson): SignedInEvent['requestContext']['authorizer'] {
  const { authorizer } = loadEvent<SignedInEvent>('apigw', 'get-activities-signed-in').requestContext;
  if (person === true) return authorizer;
  const claims = {
    ...authorizer.jwt.claims,
    sub: person.id,
    'cognito:username': person.id,
    email: person.email,
    name: person.name,
    'cognito:groups': `[${person.groups.join(' ')}]`,
  };
  return { ...authorizer, jwt: { ...authorizer.jwt, claims } };
}

/** An HTTP API (payload 2.0) request built on test/events/apigw/post-activity.json. */
export function httpEvent(request: HttpRequest): APIGatewayProxyEventV2 {
  const sample = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  const query = new URLSearchParams(request.query ?? {}).toString();
  const headers = { ...sample.headers, ...request.headers };
  if (request.body === undefined) delete headers['content-type'];
  return {
    ...sample,
    routeKey: request.routeKey,
    rawPath: request.path,
    rawQueryString: query,
    headers,
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    requestContext: {
      ...sample.requestContext,
      ...(request.signedIn ? { authorizer: authorizerOf(request.signedIn) } : {}),
      routeKey: request.routeKey,
      requestId: randomUUID(),
      http: { ...sample.requestContext.http, method: request.method, path: request.path },
    },
    body: request.base64 && request.body !== undefined ? Buffer.from(request.body).toString('base64') : request.body,
    isBase64Encoded: request.base64 ?? false,
  } as APIGatewayProxyEventV2;
}

/** The scheduled event of test/events/eventbridge/scheduled.json, sent now by `service`'s rule. */
export function scheduledEvent(service: string): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  const event = loadEvent<EventBridgeEvent<'Scheduled Event', Record<string, never>>>('eventbridge', 'scheduled');
  return {
    ...event,
    id: randomUUID(),
    time: new Date().toISOString(),
    resources: event.resources.map((arn) => arn.replace('runway-metrics-api-dev', `runway-${service}-dev`)),
  };
}
