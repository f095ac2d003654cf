import type { FieldProblem } from '../errors';
import type { ActivityInput } from './activity.schema';

const DAY_MS = 86_400_000;

/** True when `value` (YYYY-MM-DD) names a day that exists in the calendar. */
export function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** True when `hours` has at most two decimals (tolerant of binary floating point). */
export function hasAtMostTwoDecimals(hours: number): boolean {
  const cents = hours * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** The first day a record may have: every accepted date then falls in a week that can be submitted and locked. */
export const FIRST_DATE = '2000-01-01';

/** How far ahead planned time (leave, planned work) may be entered, unless the service is configured otherwise. */
export const DEFAULT_DAYS_AHEAD = 28;

/** Hours written as `1:30`, `1h30`, `1h`, `1,5` or `1.5`, as a number of hours (1.5); undefined for anything else. */
export function parseHoursText(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  const clock = /^(\d{1,2})(?::|h)([0-5]\d)?$/.exec(trimmed);
  if (clock) {
    if (trimmed.includes(':') && clock[2] === undefined) return undefined;
    return Math.round((Number(clock[1]) + Number(clock[2] ?? 0) / 60) * 100) / 100;
  }
  if (!/^\d{1,2}([.,]\d{1,2})?$/.test(trimmed)) return undefined;
  return Number(trimmed.replace(',', '.'));
}

/**
 * Rules JSON Schema cannot express. Dates run from FIRST_DATE to `daysAhead` days after today,
 * measured in UTC from `now`, so an engineer east of UTC can still log today's work and anyone
 * can enter leave or planned work for the weeks ahead.
 */
export function activityProblems(input: ActivityInput, now: Date, daysAhead = DEFAULT_DAYS_AHEAD): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCalendarDate(input.date)) {
    problems.push({ field: 'date', problem: 'must be a real calendar date (YYYY-MM-DD)' });
  } else if (input.date < FIRST_DATE) {
    problems.push({ field: 'date', problem: `must not be before ${FIRST_DATE}` });
  } else {
    const latest = new Date(now.getTime() + daysAhead * DAY_MS).toISOString().slice(0, 10);
    if (input.date > latest) {
      problems.push({
        field: 'date',
        problem: `must not be more than ${daysAhead} day${daysAhead === 1 ? '' : 's'} in the future`,
      });
    }
  }
  if (!hasAtMostTwoDecimals(input.hours)) {
    problems.push({ field: 'hours', problem: 'must have at most two decimals' });
  }
  return problems;
}

/** Problems with an optional from/to date range, naming the offending field. */
export function dateRangeProblems(from: string | undefined, to: string | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (from !== undefined && !isCalendarDate(from))
    problems.push({ field: 'from', problem: 'must be a real calendar date' });
  if (to !== undefined && !isCalendarDate(to)) problems.push({ field: 'to', problem: 'must be a real calendar date' });
  if (problems.length === 0 && from !== undefined && to !== undefined && from > to) {
    problems.push({ field: 'from', problem: 'must not be after to' });
  }
  return problems;
}
