import type { ActivityInput } from '@shared/activities/activity.schema';
import { activityProblems, dateRangeProblems } from '@shared/activities/activity-rules';
import { validationError } from '@shared/errors';

/** Throws a 400 naming every field that breaks a rule JSON Schema cannot express. */
export function assertActivityRules(input: ActivityInput, now: Date, daysAhead: number): ActivityInput {
  const problems = activityProblems(input, now, daysAhead);
  if (problems.length > 0) throw validationError(problems);
  return input;
}

/** Throws a 400 when a from/to range is not made of real dates or is reversed. */
export function assertDateRange(from: string | undefined, to: string | undefined): void {
  const problems = dateRangeProblems(from, to);
  if (problems.length > 0) throw validationError(problems);
}
