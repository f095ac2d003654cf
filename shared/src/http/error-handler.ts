import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { FieldProblem } from '../errors';
import { logger } from '../logger';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

interface HttpLikeError {
  statusCode: number;
  message: string;
  expose?: boolean;
  errors?: FieldProblem[];
  cause?: { package?: string; data?: unknown };
}

function isHttpLikeError(error: unknown): error is HttpLikeError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number' &&
    error.statusCode >= 400 &&
    error.statusCode < 600
  );
}

/** Turns an ajv JSON pointer like `/body/hours` or `/queryStringParameters/limit` into `hours` / `limit`. */
function fieldOf(error: AjvError): string {
  const segments = error.instancePath.split('/').slice(2);
  const extra = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof extra === 'string') segments.push(extra);
  if (segments.length > 0) return segments.join('.');
  return error.instancePath.startsWith('/queryStringParameters') ? 'query' : 'body';
}

function problemOf(error: AjvError): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed field';
    case 'minLength':
      return error.params.limit === 1
        ? 'must not be empty'
        : `must be at least ${String(error.params.limit)} characters`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** Maps ajv errors (from @middy/validator) to one problem per field, first problem wins. */
export function fieldProblems(errors: readonly AjvError[]): FieldProblem[] {
  const byField = new Map<string, string>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (!byField.has(field)) byField.set(field, problemOf(error));
  }
  return [...byField].map(([field, problem]) => ({ field, problem }));
}

function bodyFor(error: HttpLikeError): { message: string; errors: FieldProblem[] } {
  if (error.cause?.package === '@middy/validator' && Array.isArray(error.cause.data)) {
    return { message: 'Invalid request', errors: fieldProblems(error.cause.data as AjvError[]) };
  }
  return { message: error.message, errors: error.errors ?? [] };
}

/**
 * The one place that turns a thrown error into an HTTP response:
 * `{ message, errors: [{ field, problem }] }`. A 5xx never carries the raw
 * error; it is logged with the request id instead.
 */
export function jsonErrorHandler(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      if (request.response !== undefined && request.error === undefined) return;
      const { error } = request;
      const requestId = request.event.requestContext?.requestId;
      let statusCode = 500;
      let body: { message: string; errors: FieldProblem[]; requestId?: string } = {
        message: 'Internal server error',
        errors: [],
        requestId,
      };
      if (isHttpLikeError(error) && error.statusCode < 500) {
        statusCode = error.statusCode;
        body = bodyFor(error);
        logger.info('Request rejected', { statusCode, message: body.message, errors: body.errors });
      } else {
        if (isHttpLikeError(error)) statusCode = error.statusCode;
        logger.error('Request failed', { error: error as Error, requestId });
      }
      request.response = {
        statusCode,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
        body: JSON.stringify(body),
      };
    },
  };
}
