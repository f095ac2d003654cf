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

/**
 * A record's week is submitted: what the manager decides on is what was submitted, so nobody
 * creates, changes or deletes its records until the engineer withdraws it or a manager decides.
 */
export class WeekSubmittedError extends Error {
  override readonly name = 'WeekSubmittedError';
  constructor(readonly week: WeekId) {
    super(
      `The week ${week} is submitted and waits for a manager's decision: withdraw it to change its records, or wait for the decision`,
    );
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

/** A decision on a week whose records are no longer the ones submitted (its revision or totals moved). */
export class WeekChangedError extends Error {
  override readonly name = 'WeekChangedError';
  constructor(
    readonly action: WeekAction,
    readonly week: WeekId,
    readonly problem: string,
  ) {
    super(
      action === 'submit'
        ? `Week ${week} changed while it was being submitted (${problem}); submit it again`
        : `Week ${week} is not what was submitted (${problem}); it cannot be ${action === 'approve' ? 'approved' : 'rejected'} as it is: the engineer withdraws it and submits it again`,
    );
  }
}
