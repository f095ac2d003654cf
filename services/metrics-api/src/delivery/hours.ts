import { byCodeUnits } from '@shared/order';

/** A recorded activity as the join reads it. */
export interface RecordedHour {
  date: string;
  hours: number;
  activity: string;
}

/** Activities that count as recovering from a failure: an incident, a rollback, a hotfix. */
const RECOVERING = /incident|roll ?back|hotfix|recover/i;

export const isRecovering = (record: RecordedHour) => RECOVERING.test(record.activity);

const round = (hours: number) => Math.round(hours * 100) / 100;

/**
 * Hours per release: for each release (its day), the hours recorded after the previous release's day
 * up to and including its own. Records carry a day, not a time, so releases on the same day share
 * it: the first of the day takes that day's hours, the others none. The first release takes the hours
 * since `previousDay` (the release before the period), or null when there is none.
 */
export function hoursPerRelease(
  releases: readonly { executionId: string; day: string }[],
  previousDay: string | undefined,
  records: readonly RecordedHour[],
): Map<string, number | null> {
  const result = new Map<string, number | null>();
  let since = previousDay;
  for (const release of [...releases].sort((a, b) => byCodeUnits(a.day, b.day))) {
    if (since === undefined) result.set(release.executionId, null);
    else {
      const from = since;
      const hours = records
        .filter((record) => record.date > from && record.date <= release.day)
        .reduce((sum, record) => sum + record.hours, 0);
      result.set(release.executionId, round(hours));
    }
    since = release.day;
  }
  return result;
}

/** Total hours, and those spent recovering, of the records within [from, to]. */
export function projectHours(records: readonly RecordedHour[], from: string, to: string) {
  const inPeriod = records.filter((record) => record.date >= from && record.date <= to);
  return {
    hours: round(inPeriod.reduce((sum, record) => sum + record.hours, 0)),
    hoursRecovering: round(inPeriod.filter(isRecovering).reduce((sum, record) => sum + record.hours, 0)),
  };
}
