import { httpError } from '@shared/errors';
import type { HttpHandlerOptions } from '@shared/http/http-handler';
import {
  ActivityChangedError,
  ActivityNotFoundError,
  IdempotencyConflictError,
  NotPermittedError,
} from '../activities/errors';
import { CatalogueRefusedError } from '../catalogue/errors';
import { DeliveryRefusedError } from '../delivery/errors';
import { NoTimerError, TimerPastMidnightError, TimerRunningError } from '../timer/errors';
import { WeekChangedError, WeekLockedError, WeekStateConflictError, WeekSubmittedError } from '../weeks/errors';

/** The HTTP answer to each refusal of the activity and week rules; anything else passes through unchanged. */
export function httpErrorFor(error: unknown): unknown {
  if (error instanceof CatalogueRefusedError || error instanceof DeliveryRefusedError) {
    return httpError(error.status, error.message, { errors: [{ field: error.field, problem: error.problem }] });
  }
  if (error instanceof ActivityNotFoundError) {
    return httpError(404, error.message, { errors: [{ field: 'id', problem: 'does not exist' }] });
  }
  if (error instanceof IdempotencyConflictError) {
    return httpError(409, error.message, {
      errors: [{ field: 'Idempotency-Key', problem: 'was already used with a different request body' }],
    });
  }
  if (error instanceof NotPermittedError) {
    return httpError(403, error.message, { errors: [{ field: error.field, problem: error.problem }] });
  }
  if (error instanceof WeekLockedError) {
    return httpError(403, error.message, {
      errors: [{ field: 'date', problem: `is in ${error.week}, which is approved and locked` }],
    });
  }
  if (error instanceof WeekSubmittedError) {
    return httpError(409, error.message, {
      errors: [{ field: 'date', problem: `is in ${error.week}, which is submitted and waits for a decision` }],
    });
  }
  if (error instanceof WeekChangedError) {
    return httpError(409, error.message, { errors: [{ field: 'revision', problem: error.problem }] });
  }
  if (error instanceof ActivityChangedError) {
    return httpError(409, error.message, { errors: [{ field: 'id', problem: 'changed meanwhile' }] });
  }
  if (error instanceof WeekStateConflictError) {
    return httpError(409, error.message, {
      errors: [{ field: 'state', problem: `is ${error.state}, ${error.action} needs ${error.allowed}` }],
    });
  }
  return timerHttpError(error);
}

function timerHttpError(error: unknown): unknown {
  if (error instanceof TimerRunningError) {
    return httpError(409, error.message, {
      errors: [{ field: 'timer', problem: `is already running since ${error.startedAt}` }],
    });
  }
  if (error instanceof NoTimerError) {
    return httpError(404, error.message, { errors: [{ field: 'timer', problem: 'is not running' }] });
  }
  if (error instanceof TimerPastMidnightError) {
    return httpError(409, error.message, {
      errors: [{ field: 'hours', problem: `is required: the timer ran past midnight of ${error.startedOn}` }],
    });
  }
  return error;
}

/** What every handler of this service passes to the shared HTTP stack: the activity and week rules' errors mapped to HTTP. */
export const API_ERRORS = { mapError: httpErrorFor } as const satisfies HttpHandlerOptions;
