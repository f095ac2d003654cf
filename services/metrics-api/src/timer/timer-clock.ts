import { fieldError } from '@shared/errors';

const HOUR_MS = 3_600_000;

/**
 * One formatter per time zone, kept: building an `Intl.DateTimeFormat` costs ≈ 6 ms each time on
 * Node (≈ 22 ms the first, ICU's data), and a request asks for the same zone several times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The time zone, if the runtime knows it (throws a 400 naming `timeZone` otherwise). */
export function requireTimeZone(timeZone: string): string {
  try {
    return formatterOf(timeZone).resolvedOptions().timeZone;
  } catch {
    throw fieldError('timeZone', 'must be an IANA time zone, e.g. Europe/Lisbon');
  }
}

function localParts(instant: Date, timeZone: string): Record<string, string> {
  const parts = formatterOf(timeZone).formatToParts(instant);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${year}-${month}-${day}`;
}

/**
 * Hours from an instant to the next midnight in the time zone, by the wall clock (a day on which
 * the clocks change is counted as 24 hours).
 */
export function hoursToMidnight(instant: Date, timeZone: string): number {
  const { hour, minute, second } = localParts(instant, timeZone);
  return 24 - (Number(hour) + Number(minute) / 60 + Number(second) / 3600);
}

/**
 * Elapsed hours rounded to the nearest multiple of `step`, at least one step (a timer stopped at
 * once still records something) and at most 24; two decimals at most, as records have.
 */
export function roundedHours(elapsedMs: number, step: number): number {
  const steps = Math.max(1, Math.round(elapsedMs / HOUR_MS / step));
  return Math.min(24, Math.round(steps * step * 100) / 100);
}

/** A rounding step in hours: from 0.01 to 1, with at most two decimals; throws at load otherwise. */
export function parseRoundingStep(name: string, value: string): number {
  const step = Number(value);
  if (!Number.isFinite(step) || step < 0.01 || step > 1 || Math.abs(step * 100 - Math.round(step * 100)) > 1e-9) {
    throw new Error(`${name} must be a number of hours from 0.01 to 1 with at most two decimals`);
  }
  return step;
}

export { HOUR_MS };
