import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import validator from '@middy/validator';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { tokenVerifier } from '../auth/token-verifier';
import { listEnv } from '../config';
import { logger } from '../logger';
import { jsonErrorHandler } from './error-handler';
import { jsonBody } from './json-body';

/** A compiled (build-time) ajv validator, as @middy/validator expects. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: unknown;
}

/** An HTTP API event after the shared stack: headers lower-cased, body parsed when JSON. */
export type HttpEvent<TBody = undefined> = Omit<APIGatewayProxyEventV2, 'body'> & { body: TBody };

export type HttpResult = Exclude<APIGatewayProxyResultV2, string>;

export interface HttpHandlerOptions {
  /** Validates the whole event (body, query, path) after parsing. */
  validate?: CompiledValidator;
  /** Parse the body as JSON with this size limit in bytes. */
  jsonBodyMaxBytes?: number;
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

/**
 * The Middy stack every HTTP handler uses. Order matters: CORS is
 * registered before the error handler, so on an error the handler builds the
 * JSON response first and CORS then adds its headers to it (Middy #635/#699).
 * Every route needs a signed-in caller: the token check runs before the body is
 * parsed (see auth/token-verifier.ts for what checks what); handlers read the
 * caller with `callerOf(event)`.
 */
export function httpHandler<TBody = undefined>(
  handler: (event: HttpEvent<TBody>, context: Context) => Promise<HttpResult>,
  options: HttpHandlerOptions = {},
) {
  const stack = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
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
  if (options.validate) stack.use(validator({ eventSchema: options.validate }));
  return stack.handler((event, context) => handler(event as unknown as HttpEvent<TBody>, context));
}

/** Query parameters after the compiled schema has validated, coerced and defaulted them. */
export function validatedQuery<T>(event: HttpEvent<unknown>): T {
  return (event.queryStringParameters ?? {}) as unknown as T;
}

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
