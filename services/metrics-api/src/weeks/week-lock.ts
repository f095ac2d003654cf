import { WeekLockedError } from './errors';
import { weekOf } from './iso-week';
import { isLocked, type WeekRecord } from './week-state';

/** What the lock check reads: one week's stored state. */
export interface WeekStateReader {
  get(engineerId: string, week: string): Promise<WeekRecord | undefined>;
}

/**
 * Throws WeekLockedError (403 "week is locked" at the HTTP edge) when the record's week is approved. Every create, change and delete of
 * an activity calls it (a change twice: the week the record leaves and the week it lands in), for
 * every caller, managers included. Records without an owner belong to no engineer's week.
 */
export async function assertWeekOpen(weeks: WeekStateReader, engineerId: string | undefined, date: string) {
  if (engineerId === undefined) return;
  const week = weekOf(date);
  const record = await weeks.get(engineerId, week);
  if (record !== undefined && isLocked(record.state)) {
    throw new WeekLockedError(week);
  }
}
