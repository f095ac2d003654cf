import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { tokenVerifier } from '../auth/token-verifier';
import { listEnv } from '../config';
import { httpError } from '../errors';
import { logger } from '../logger';
import { EVENT_VALIDATION, jsonErrorHandler } from './error-handler';
import { jsonBody } from './json-body';

/** A compiled (build-time) ajv validator. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: unknown;
}

/**
 * A compiled validator of the whole event (body, query, path). The generated validators are type
 * guards, so a handler's event type follows from its schema.
 */
export interface EventValidator<T> {
  (data: unknown): data is T;
  errors?: unknown;
}

/**
 * An HTTP API event after the shared stack: headers lower-cased, body parsed when JSON. The query
 * is `unknown` until a validator narrows it: its schema coerces the strings API Gateway sends.
 */
export type HttpEvent<TBody = undefined> = Omit<APIGatewayProxyEventV2, 'body' | 'queryStringParameters'> & {
  body: TBody;
  queryStringParameters?: unknown;
};

export type HttpResult = Exclude<APIGatewayProxyResultV2, string>;

/** A handler as Lambda calls it. */
export type HttpLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

export interface HttpHandlerOptions {
  /** Parse the body as JSON with this size limit in bytes. */
  jsonBodyMaxBytes?: number;
  /**
   * Turns what the handler throws into what the error handler answers: the HTTP edge's
   * mapping of a service's domain errors (anything it does not know passes through).
   */
  mapError?: (error: unknown) => unknown;
}

/**
 * The CORS settings the functions read. They come from the service's one CORS definition
 * (`custom.cors` in its serverless.yml, through shared/serverless/cors.js), which also
 * feeds the HTTP API's own CORS configuration, so the three never disagree.
 */
export const CORS_ENV = {
  origins: 'CORS_ALLOWED_ORIGINS',
  headers: 'CORS_ALLOWED_HEADERS',
  exposedHeaders: 'CORS_EXPOSED_HEADERS',
} as const;

/** The 400 of an event its schema refuses; the error handler names the fields from ajv's errors. */
function invalidEvent(errors: unknown): Error {
  return httpError(400, 'Event object failed validation', { cause: { package: EVENT_VALIDATION, data: errors } });
}

/**
 * The Middy stack every HTTP handler uses. Order matters: CORS is
 * registered before the error handler, so on an error the handler builds the
 * JSON response first and CORS then adds its headers to it (Middy's CORS
 * middleware documents this). With `validate`, the event is checked last,
 * after parsing, and the handler's event type is what the schema admits.
 *
 * Every route needs a signed-in caller: the token check runs before the body is
 * parsed (see auth/token-verifier.ts for what checks what); handlers read the
 * caller with `callerOf(event)`.
 */
export function httpHandler<T>(
  handler: (event: HttpEvent<unknown> & T, context: Context) => Promise<HttpResult>,
  options: HttpHandlerOptions & { validate: EventValidator<T> },
): HttpLambda;
export function httpHandler(
  handler: (event: HttpEvent<unknown>, context: Context) => Promise<HttpResult>,
  options?: HttpHandlerOptions,
): HttpLambda;
export function httpHandler<T>(
  handler: (event: HttpEvent<unknown> & T, context: Context) => Promise<HttpResult>,
  options: HttpHandlerOptions & { validate?: EventValidator<T> } = {},
): HttpLambda {
  // The overloads tie T to `validate`: without one, T is `unknown` and every event is admitted.
  const admits = (event: HttpEvent<unknown>): event is HttpEvent<unknown> & T => options.validate?.(event) ?? true;
  const stack = middy<APIGatewayProxyEventV2, HttpResult>();
  stack
    // Every log line of the invocation carries the Lambda request id.
    .use(injectLambdaContext(logger))
    .use(httpEventNormalizer())
    .use(httpHeaderNormalizer())
    .use(
      httpCors({
        origins: listEnv(CORS_ENV.origins),
        headers: listEnv(CORS_ENV.headers).join(',') || undefined,
        exposeHeaders: listEnv(CORS_ENV.exposedHeaders).join(',') || undefined,
      }),
    )
    .use(jsonErrorHandler());
  const verifier = tokenVerifier();
  if (verifier) stack.use(verifier);
  if (options.jsonBodyMaxBytes !== undefined) stack.use(jsonBody({ maxBytes: options.jsonBodyMaxBytes }));
  return stack.handler(async (event, context) => {
    // After the parsers the body is whatever they made of it (JSON, or the raw text).
    const parsed: HttpEvent<unknown> = { ...event, body: event.body };
    if (!admits(parsed)) throw invalidEvent(options.validate?.errors);
    if (!options.mapError) return handler(parsed, context);
    try {
      return await handler(parsed, context);
    } catch (error) {
      throw options.mapError(error);
    }
  });
}

/** The query after the event's validator has checked, coerced and defaulted it. */
export function validatedQuery<T extends object>(event: { queryStringParameters?: T }): T {
  const query = event.queryStringParameters;
  // The event schemas of query routes default the query to {}: a validated event always has one.
  if (query === undefined) throw new Error('validatedQuery needs an event its validator has checked');
  return query;
}

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
