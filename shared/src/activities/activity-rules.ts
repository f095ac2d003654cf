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

/**
 * Rules JSON Schema cannot express. "One day in the future" is measured in UTC
 * from `now`, so an engineer east of UTC can still log today's work.
 */
export function activityProblems(input: ActivityInput, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isCalendarDate(input.date)) {
    problems.push({ field: 'date', problem: 'must be a real calendar date (YYYY-MM-DD)' });
  } else {
    const latest = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
    if (input.date > latest) problems.push({ field: 'date', problem: 'must not be more than one day in the future' });
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
