import type { WeekId } from './iso-week';
import type { WeekAction, WeekState } from './week-state';

/**
 * What the week rules refuse, without HTTP: the handlers' edge (handlers/api-handler.ts) maps
 * each to its status. A caller whose role does not allow a step gets the activities'
 * NotPermittedError, so both answer alike.
 */

/** A record's week is approved: nobody creates, changes or deletes its records until it is reopened. */
export class WeekLockedError extends Error {
  override readonly name = 'WeekLockedError';
  constructor(readonly week: WeekId) {
    super(`The week ${week} is locked: it was approved; a manager must reopen it first`);
  }
}

/** A step the week's current state does not allow (also the loser of two concurrent decisions). */
export class WeekStateConflictError extends Error {
  override readonly name = 'WeekStateConflictError';
  readonly allowed: string;
  constructor(
    readonly action: WeekAction,
    readonly week: WeekId,
    readonly state: WeekState,
    from: readonly WeekState[],
  ) {
    const allowed = from.join(' or ');
    super(`Week ${week} is ${state}; ${action} needs it ${allowed}`);
    this.allowed = allowed;
  }
}
