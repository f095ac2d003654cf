import { type HttpEvent, type HttpHandlerOptions, type HttpResult, httpHandler } from '@shared/http/http-handler';
import type { Context } from 'aws-lambda';
import createHttpError from 'http-errors';
import { ActivityNotFoundError, IdempotencyConflictError, NotPermittedError } from '../activities/errors';

/** The HTTP answer to each refusal of the activity rules; anything else passes through unchanged. */
export function httpErrorFor(error: unknown): unknown {
  if (error instanceof ActivityNotFoundError) {
    return createHttpError(404, error.message, { errors: [{ field: 'id', problem: 'does not exist' }] });
  }
  if (error instanceof IdempotencyConflictError) {
    return createHttpError(409, error.message, {
      errors: [{ field: 'Idempotency-Key', problem: 'was already used with a different request body' }],
    });
  }
  if (error instanceof NotPermittedError) {
    return createHttpError(403, error.message, { errors: [{ field: error.field, problem: error.problem }] });
  }
  return error;
}

/** The shared HTTP stack for this service's handlers, with the activity rules' errors mapped to HTTP. */
export function apiHandler<TBody = undefined>(
  handler: (event: HttpEvent<TBody>, context: Context) => Promise<HttpResult>,
  options: HttpHandlerOptions = {},
) {
  return httpHandler<TBody>(async (event, context) => {
    try {
      return await handler(event, context);
    } catch (error) {
      throw httpErrorFor(error);
    }
  }, options);
}
