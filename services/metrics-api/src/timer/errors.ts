/** What the timer rules refuse, without HTTP: handlers/api-handler.ts maps each to its status. */

/** The person already has a timer running (one per person). */
export class TimerRunningError extends Error {
  override readonly name = 'TimerRunningError';
  constructor(readonly startedAt: string) {
    super(`A timer is already running (since ${startedAt}): stop it before starting another`);
  }
}

/** The person has no timer running (never started, or stopped or discarded meanwhile). */
export class NoTimerError extends Error {
  override readonly name = 'NoTimerError';
  constructor() {
    super('No timer is running');
  }
}

/** The timer ran past midnight: the person must say how many hours to record on the day it started. */
export class TimerPastMidnightError extends Error {
  override readonly name = 'TimerPastMidnightError';
  constructor(readonly startedOn: string) {
    super(`The timer started on ${startedOn} and ran past midnight: say how many hours to record on ${startedOn}`);
  }
}
