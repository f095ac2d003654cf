/**
 * What the activity rules refuse, without HTTP: the handlers' edge (handlers/api-handler.ts)
 * maps each to its status.
 */
export class ActivityNotFoundError extends Error {
  override readonly name = 'ActivityNotFoundError';
  constructor(readonly id: string) {
    super(`Activity ${id} not found`);
  }
}

/** An Idempotency-Key this caller already used for another request body. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor() {
    super('Idempotency-Key was already used with a different request');
  }
}

/** The caller's role does not allow the action; `field` names what they asked for. */
export class NotPermittedError extends Error {
  override readonly name = 'NotPermittedError';
  constructor(
    message: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(message);
  }
}

/** A record kept changing under a write (another write moved it each time the write was tried). */
export class ActivityChangedError extends Error {
  override readonly name = 'ActivityChangedError';
  constructor(readonly id: string) {
    super(`Activity ${id} was changed by someone else meanwhile; load it again and retry`);
  }
}
