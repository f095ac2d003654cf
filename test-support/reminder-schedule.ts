import { loadEvent } from './events';

export const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ReminderTime {
  weekday: Weekday;
  /** Hour of the day, UTC, as the deployed EventBridge rule reads it. */
  hour: number;
}

/** `FRI` and `15` from RUNWAY_REMINDER_WEEKDAY / RUNWAY_REMINDER_HOUR; serverless.yml's defaults otherwise. */
export function reminderTimeFromEnv(env: NodeJS.ProcessEnv = process.env): ReminderTime {
  const weekday = (env.RUNWAY_REMINDER_WEEKDAY ?? 'FRI').toUpperCase();
  const hour = Number(env.RUNWAY_REMINDER_HOUR ?? '15');
  if (!WEEKDAYS.includes(weekday as Weekday))
    throw new Error(`RUNWAY_REMINDER_WEEKDAY must be one of ${WEEKDAYS.join(', ')}`);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error('RUNWAY_REMINDER_HOUR must be an hour 0-23');
  return { weekday: weekday as Weekday, hour };
}

/** The next instant (UTC) strictly after `now` at that weekday and hour. */
export function nextReminder(time: ReminderTime, now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), time.hour));
  const days = (WEEKDAYS.indexOf(time.weekday) - next.getUTCDay() + 7) % 7;
  next.setUTCDate(next.getUTCDate() + days);
  if (next <= now) next.setUTCDate(next.getUTCDate() + 7);
  return next;
}

/** Invokes the reminder function through serverless-offline's Lambda Invoke API, as the EventBridge rule would. */
export async function invokeReminders(lambdaUrl: string, functionName: string): Promise<unknown> {
  const event = loadEvent<Record<string, unknown>>('eventbridge', 'scheduled');
  event.time = new Date().toISOString();
  const response = await fetch(`${lambdaUrl}/2015-03-31/functions/${functionName}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`The reminder function answered ${response.status}: ${text}`);
  // A function that threw or timed out still answers 200, as Lambda's Invoke does, and says so in a header.
  const failure = response.headers.get('x-amz-function-error');
  if (failure) throw new Error(`The reminder function failed (${failure}): ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/**
 * The local stand-in for the deployed schedule: a timer that invokes the reminder function at the
 * next weekday and hour, then every week. serverless-offline runs no schedules itself.
 */
export function startReminderSchedule(options: {
  lambdaUrl: string;
  functionName: string;
  time: ReminderTime;
  log?: (line: string) => void;
}): { next: () => Date; close: () => Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let due = nextReminder(options.time, new Date());
  const arm = () => {
    due = nextReminder(options.time, new Date());
    // setTimeout holds at most ~24.8 days; a week fits.
    timer = setTimeout(() => {
      invokeReminders(options.lambdaUrl, options.functionName)
        .then((result) => options.log?.(`reminders sent: ${JSON.stringify(result)}`))
        .catch((error: unknown) => options.log?.(`reminders failed: ${String(error)}`))
        .finally(arm);
    }, due.getTime() - Date.now());
    timer.unref();
  };
  arm();
  return {
    next: () => due,
    close: async () => clearTimeout(timer),
  };
}
