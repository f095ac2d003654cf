import { randomUUID } from 'node:crypto';
import { loadEvent } from '@test-support/events';
import { localStackEnv } from '@test-support/local-stack';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { readInbox, type StoredEmail } from '../../../../test-support/ses';
import { bearer } from '../../../../test-support/tokens';
import { activitiesTable, catalogueTable, totalsTable, weeksTable } from './weeks';

/** A person of the test directory, with the claims a verified Cognito ID token would carry. */
export interface TestPerson {
  id: string;
  email: string;
  name: string;
  groups: ('engineers' | 'managers')[];
}

const run = randomUUID().slice(0, 8);
const person = (label: string, name: string, groups: TestPerson['groups']): TestPerson => ({
  id: `${label}-${run}`,
  email: `${label}-${run}@example.com`,
  name: `${name} ${run}`,
  groups,
});

/** The directory the handlers under test read (LOCAL_PEOPLE): three engineers, two managers. */
export const people = {
  mary: person('mary', 'Mary Major', ['engineers']),
  john: person('john', 'John Doe', ['engineers']),
  ana: person('ana', 'Ana Silva', ['engineers']),
  paulo: person('paulo', 'Paulo Santos', ['managers']),
  li: person('li', 'Li Wei', ['managers']),
} as const;

export const SITE_URL = 'http://localhost:8080';

/**
 * Points the handlers at the integration stack's dynalite and SES, as serverless.yml and the local
 * stack configure them, before any handler module is loaded.
 */
export function configureHandlers(): void {
  process.env.ACTIVITIES_TABLE = activitiesTable();
  process.env.WEEKS_TABLE = weeksTable();
  process.env.CATALOGUE_TABLE = catalogueTable();
  process.env.TOTALS_TABLE = totalsTable();
  process.env.SITE_URL = SITE_URL;
  process.env.SENDER_EMAIL = 'runway-timesheets@example.com';
  process.env.LOCAL_PEOPLE = JSON.stringify(Object.values(people));
  process.env.CORS_ALLOWED_ORIGINS = 'https://metrics.example.com';
  process.env.AWS_ENDPOINT_URL_DYNAMODB = localStackEnv('RUNWAY_DYNAMODB_URL');
  process.env.AWS_ENDPOINT_URL_SES = localStackEnv('RUNWAY_SES_URL');
}

export interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route as API Gateway names it, e.g. `POST /weeks/{week}/submit`. */
  route: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Who is signed in; nobody when unset. */
  as?: TestPerson;
}

/** An HTTP API (payload 2.0) event derived from the real sample, with the JWT authorizer's claims. */
export function httpEvent(request: Request): APIGatewayProxyEventV2 {
  const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  const query = new URLSearchParams(request.query ?? {}).toString();
  event.routeKey = request.route;
  event.rawPath = request.path;
  event.rawQueryString = query;
  event.requestContext.routeKey = request.route;
  event.requestContext.http.method = request.method;
  event.requestContext.http.path = request.path;
  event.requestContext.requestId = randomUUID();
  if (request.pathParameters) event.pathParameters = request.pathParameters;
  if (request.query) event.queryStringParameters = request.query;
  if (request.body === undefined) {
    delete event.body;
    delete event.headers['content-type'];
  } else {
    event.body = JSON.stringify(request.body);
  }
  if (request.as) {
    const { id, email, name, groups } = request.as;
    (event.requestContext as unknown as Record<string, unknown>).authorizer = {
      jwt: {
        claims: { sub: id, email, name, 'cognito:groups': `[${groups.join(' ')}]`, iss: 'https://issuer.example.com' },
        scopes: null,
      },
    };
  }
  return event;
}

export interface Response<T> {
  status: number;
  headers: Record<string, unknown>;
  json: T;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const context = { awsRequestId: 'test', functionName: 'test' } as Context;

/** Invokes a handler module's `handler` with the event, as Lambda would. */
export async function invoke<T = Record<string, unknown>>(handler: unknown, request: Request): Promise<Response<T>> {
  const result = (await (handler as Handler)(httpEvent(request), context)) as {
    statusCode: number;
    headers?: Record<string, unknown>;
    body?: string;
  };
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    json: (result.body ? JSON.parse(result.body) : undefined) as T,
  };
}

/**
 * Sends the request over HTTP to the local stack's API (serverless-offline), signed in with an ID
 * token of the local issuer's key for `as`: the token verifier, the routes and the functions'
 * own configuration are the deployed ones. Those functions read the issuer's seeded people as
 * their directory, not {@link people}.
 */
export async function api<T = Record<string, unknown>>(request: Request): Promise<Response<T>> {
  const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
  const response = await fetch(`${localStackEnv('RUNWAY_METRICS_API_URL')}${request.path}${query}`, {
    method: request.method,
    headers: {
      ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(request.as ? bearer(request.as) : {}),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    json: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** The emails the local SES holds for one address. */
export async function inboxOf(email: string): Promise<StoredEmail[]> {
  return (await readInbox(localStackEnv('RUNWAY_SES_URL'))).filter((stored) => stored.destination.to.includes(email));
}
