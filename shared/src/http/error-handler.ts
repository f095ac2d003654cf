import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { type FieldProblem, isStatusError, type StatusError } from '../errors';
import { logger } from '../logger';
import { type AjvError, fieldProblems } from '../validation/field-problems';

/** Marks the 400 of an event its compiled schema refused; `cause.data` holds ajv's errors. */
export const EVENT_VALIDATION = 'event-validation';

function bodyFor(error: StatusError): { message: string; errors: FieldProblem[] } {
  if (error.cause?.package === EVENT_VALIDATION && Array.isArray(error.cause.data)) {
    const errors = error.cause.data as AjvError[];
    const inQuery = errors.some((entry) => entry.instancePath.startsWith('/queryStringParameters'));
    return { message: 'Invalid request', errors: fieldProblems(errors, 1, inQuery ? 'query' : 'body') };
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
      let headers: Record<string, string> = {};
      if (isStatusError(error) && error.statusCode < 500) {
        statusCode = error.statusCode;
        body = bodyFor(error);
        logger.info('Request rejected', { statusCode, reason: body.message, errors: body.errors });
      } else if (isStatusError(error) && error.statusCode === 503 && error.expose === true) {
        // Busy, not broken: the caller is told so, and when to ask again.
        statusCode = 503;
        body = { ...bodyFor(error), requestId };
        headers = { ...(error.headers ?? {}) };
        logger.warn('Request refused while busy', { reason: body.message, requestId });
      } else {
        if (isStatusError(error)) statusCode = error.statusCode;
        logger.error('Request failed', { error: error as Error, requestId });
      }
      request.response = {
        statusCode,
        headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
        body: JSON.stringify(body),
      };
    },
  };
}
