import { DEFAULT_DAYS_AHEAD } from '@shared/activities/activity-rules';
import { optionalEnv, requireEnv } from '@shared/config';
import { parseRoundingStep } from './timer/timer-clock';

export const ENV = {
  activitiesTable: 'ACTIVITIES_TABLE',
  weeksTable: 'WEEKS_TABLE',
  /** Customers and projects (src/catalogue). */
  catalogueTable: 'CATALOGUE_TABLE',
  /** The maintained totals of hours and records (src/totals). */
  totalsTable: 'TOTALS_TABLE',
  /** How many days after today a record's date may be (planned time: leave, planned work). */
  plannedDaysAhead: 'PLANNED_DAYS_AHEAD',
} as const;

/** A whole number of days from 0 to 366; throws on anything else, at load. */
export function parseDaysAhead(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0 || days > 366) {
    throw new Error(`${ENV.plannedDaysAhead} must be a whole number of days from 0 to 366`);
  }
  return days;
}

export const config = {
  activitiesTable: requireEnv(ENV.activitiesTable),
  weeksTable: requireEnv(ENV.weeksTable),
  catalogueTable: requireEnv(ENV.catalogueTable),
  totalsTable: requireEnv(ENV.totalsTable),
  plannedDaysAhead: parseDaysAhead(optionalEnv(ENV.plannedDaysAhead, String(DEFAULT_DAYS_AHEAD))),
};

export const WEEK_ENV = {
  siteUrl: 'SITE_URL',
  senderEmail: 'SENDER_EMAIL',
  userPoolId: 'USER_POOL_ID',
  /** Set by the local stack and tests only: a JSON directory of people instead of the Cognito pool. */
  localPeople: 'LOCAL_PEOPLE',
} as const;

/** An absolute http(s) URL without a trailing slash; throws on anything else. */
export function parseSiteUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${WEEK_ENV.siteUrl} must be an http(s) URL`);
  return url.href.replace(/\/+$/, '');
}

/**
 * What the week functions read besides the tables (only they are given it); each calls it once, at load.
 * A function rather than a constant so that the activity functions neither read nor need these settings.
 */
export function weekConfig() {
  return {
    siteUrl: parseSiteUrl(requireEnv(WEEK_ENV.siteUrl)),
    senderEmail: requireEnv(WEEK_ENV.senderEmail),
    localPeople: optionalEnv(WEEK_ENV.localPeople, ''),
    userPoolId: optionalEnv(WEEK_ENV.userPoolId, ''),
  };
}

export const TIMER_ENV = {
  timersTable: 'TIMERS_TABLE',
  /** Stopped timers record their hours rounded to a multiple of this many hours (default 0.25). */
  roundingHours: 'TIMER_ROUNDING_HOURS',
} as const;

/**
 * What the timer functions read besides the activity tables (only they are given it); each calls
 * it once, at load.
 */
export function timerConfig() {
  return {
    timersTable: requireEnv(TIMER_ENV.timersTable),
    step: parseRoundingStep(TIMER_ENV.roundingHours, optionalEnv(TIMER_ENV.roundingHours, '0.25')),
  };
}

export const DELIVERY_ENV = {
  /** The delivery table (resources/delivery.yml). */
  deliveryTable: 'DELIVERY_TABLE',
  /** approval-gateway's table, whose audit names each release's approvers; the recorder only. */
  approvalsTable: 'APPROVALS_TABLE',
} as const;

/** What the delivery functions read besides the activity tables (only they are given it); each calls it once, at load. */
export function deliveryConfig() {
  return {
    deliveryTable: requireEnv(DELIVERY_ENV.deliveryTable),
    approvalsTable: optionalEnv(DELIVERY_ENV.approvalsTable, ''),
  };
}
