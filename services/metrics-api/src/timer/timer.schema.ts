import { activityInputSchema } from '@shared/activities/activity.schema';
import type { FromSchema } from 'json-schema-to-ts';

const { customer, project, activity, notes, hours } = activityInputSchema.properties;

/** What a person starts a timer on; strings arrive trimmed. */
export const timerStartSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customer', 'project', 'activity'],
  properties: {
    customer,
    project,
    activity,
    notes,
    // The person's IANA time zone (the browser's): the day the record lands on, and midnight, are theirs.
    timeZone: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+\\-/]+$' },
  },
} as const;
export type TimerStart = FromSchema<typeof timerStartSchema>;

/**
 * Stopping (a JSON object, `{}` at least): the notes to keep (the timer's own when absent), and the hours to record instead of
 * the elapsed time — required when the timer ran past midnight, where the elapsed time is rarely
 * what was worked.
 */
export const timerStopSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { notes, hours },
} as const;
export type TimerStop = FromSchema<typeof timerStopSchema>;

/** Event-level validators of the timer routes, compiled at build time by scripts/compile-schemas.ts. */
export const validators = {
  'timer-start-event': {
    schema: { type: 'object', required: ['body'], properties: { body: timerStartSchema } },
  },
  'timer-stop-event': {
    schema: { type: 'object', required: ['body'], properties: { body: timerStopSchema } },
  },
} as const;
