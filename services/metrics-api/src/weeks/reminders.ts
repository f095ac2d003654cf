import { type WeekId, workDates } from './iso-week';
import type { Person } from './people';
import type { WeekState } from './week-state';

/** What the reminder knows about one engineer's week. */
export interface ReminderCandidate {
  person: Person;
  state: WeekState;
  /** Dates of the week that hold at least one record. */
  datesWithHours: ReadonlySet<string>;
  /** A reminder for this week was already sent. */
  reminded: boolean;
}

export interface Reminder {
  person: Person;
  missing: string[];
}

/**
 * Work days (Monday to Friday) of the week, up to and including `today`, without any hours.
 * Weekends never count as missing; days still to come neither.
 */
export function missingWorkDays(week: WeekId, datesWithHours: ReadonlySet<string>, today: string): string[] {
  return workDates(week).filter((date) => date <= today && !datesWithHours.has(date));
}

/**
 * Whom to remind: engineers whose week is still theirs to fill (open or rejected), who have work days
 * without hours, and who have not been reminded about this week yet.
 */
export function chooseReminders(week: WeekId, candidates: readonly ReminderCandidate[], today: string): Reminder[] {
  return candidates
    .filter((candidate) => !candidate.reminded && (candidate.state === 'open' || candidate.state === 'rejected'))
    .map((candidate) => ({ person: candidate.person, missing: missingWorkDays(week, candidate.datesWithHours, today) }))
    .filter((reminder) => reminder.missing.length > 0);
}
