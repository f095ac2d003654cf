import { httpError } from '@shared/errors';
import type { HttpHandlerOptions } from '@shared/http/http-handler';
import { InvalidWebhookPayloadError } from '../source/github-webhook';

/** The HTTP answer to each refusal of the webhook rules; anything else passes through unchanged. */
export function httpErrorFor(error: unknown): unknown {
  if (error instanceof InvalidWebhookPayloadError) {
    return httpError(400, error.message, { errors: [{ field: error.field, problem: error.problem }] });
  }
  return error;
}

/** What the webhook handler passes to the shared HTTP stack: the webhook rules' errors mapped to HTTP. */
export const WEBHOOK_ERRORS = { mapError: httpErrorFor } as const satisfies HttpHandlerOptions;
