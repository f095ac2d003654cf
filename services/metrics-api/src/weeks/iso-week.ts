import { fieldError } from '@shared/errors';

/** An ISO 8601 week id such as `2026-W53`: weeks start on Monday, week 1 holds the year's first Thursday. */
export type WeekId = string;

export const WEEK_ID_PATTERN = '^\\d{4}-W\\d{2}$';

const DAY_MS = 24 * 3600 * 1000;
const LAST_DAY_MS = Date.UTC(9999, 11, 31);

/** `YYYY-MM-DD` of a UTC instant. */
function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a `YYYY-MM-DD` date. */
function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Monday of ISO week 1 of `year`: the Monday on or before 4 January. */
function firstMonday(year: number): number {
  const january4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(january4).getUTCDay() + 6) % 7; // Monday = 0
  return january4 - weekday * DAY_MS;
}

/** 52 or 53: a year has 53 ISO weeks when 28 December falls in week 53. */
export function weeksInYear(year: number): number {
  return (firstMonday(year + 1) - firstMonday(year)) / (7 * DAY_MS);
}

/** Year and week number of a valid id, or undefined when `id` is not a real ISO week. */
export function parseWeekId(id: string): { year: number; week: number } | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(id);
  if (!match) return undefined;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < 1970 || week < 1 || week > weeksInYear(year)) return undefined;
  // Dates are YYYY-MM-DD: a week whose Sunday falls past 9999-12-31 has days no record can carry.
  if (firstMonday(year) + ((week - 1) * 7 + 6) * DAY_MS > LAST_DAY_MS) return undefined;
  return { year, week };
}

/** The id, or a 400 naming the `week` field when it is not a real ISO week. */
export function requireWeekId(id: string | undefined): WeekId {
  if (id === undefined || parseWeekId(id) === undefined) {
    throw fieldError('week', 'must be a real ISO week such as 2026-W05 (week 53 only in years that have one)');
  }
  return id;
}

function mondayMs(id: WeekId): number {
  const parsed = parseWeekId(id);
  if (parsed === undefined) throw new Error(`Not an ISO week: ${id}`);
  return firstMonday(parsed.year) + (parsed.week - 1) * 7 * DAY_MS;
}

/** The seven dates of the week, Monday to Sunday. */
export function weekDates(id: WeekId): string[] {
  const monday = mondayMs(id);
  return Array.from({ length: 7 }, (_, day) => isoDate(monday + day * DAY_MS));
}

/** The working days the reminder looks at: Monday to Friday. */
export function workDates(id: WeekId): string[] {
  return weekDates(id).slice(0, 5);
}

/** The ISO week a `YYYY-MM-DD` date belongs to (its Thursday decides the year). */
export function weekOf(date: string): WeekId {
  const day = dayStart(date);
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - firstMonday(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week `offset` weeks after `id` (negative: before). */
export function shiftWeek(id: WeekId, offset: number): WeekId {
  return weekOf(isoDate(mondayMs(id) + offset * 7 * DAY_MS));
}
