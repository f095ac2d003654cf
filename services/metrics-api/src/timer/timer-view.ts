// A running timer as stored and as the API returns it: types only, away from the storage and the
// clock, so the site can import them (services/metrics-api/src/contracts.ts).

/** A running timer as stored: one per person, keyed by their user id. */
export interface Timer {
  engineerId: string;
  engineer: string;
  customer: string;
  project: string;
  activity: string;
  notes?: string;
  /** When it started (ISO 8601, UTC). */
  startedAt: string;
  /** The person's IANA time zone when they started it. */
  timeZone: string;
}

/** A running timer as the API returns it: what it runs on, and what stopping it now would record. */
export interface TimerView extends Omit<Timer, 'engineerId'> {
  /** The day the record will be on: the day the timer started, in the person's time zone. */
  startedOn: string;
  /** Elapsed hours now, rounded to the step (what a stop now records, unless it ran past midnight). */
  hours: number;
  /** True once the person's day has changed since the start: a stop then needs `hours`. */
  pastMidnight: boolean;
  /** The hours from the start to that day's midnight, rounded to the step (the site offers them). */
  untilMidnight: number;
  /** The rounding step in hours. */
  step: number;
}
