import type { FromSchema } from 'json-schema-to-ts';

/** A person as records name them: the identity provider's user id (`sub`) and display name. */
export const personSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 128 },
    name: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

export type Person = FromSchema<typeof personSchema>;

/**
 * What an engineer submits; strings arrive trimmed (shared json-body middleware). The engineer
 * is the signed-in caller, never a field; a manager recording for someone names them in
 * `onBehalfOf`.
 */
export const activityInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customer', 'project', 'activity', 'date', 'hours'],
  properties: {
    customer: { type: 'string', minLength: 1, maxLength: 100 },
    project: { type: 'string', minLength: 1, maxLength: 100 },
    activity: { type: 'string', minLength: 1, maxLength: 200 },
    // Calendar validity and the "not in the future" bound are checked in activity-rules.ts.
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    hours: { type: 'number', exclusiveMinimum: 0, maximum: 24 },
    notes: { type: 'string', maxLength: 2000 },
    onBehalfOf: personSchema,
  },
} as const;

export type ActivityInput = FromSchema<typeof activityInputSchema>;

const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const filterText = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const activityFilterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    customer: filterText,
    project: filterText,
    engineer: filterText,
    engineerId: { type: 'string', minLength: 1, maxLength: 128 },
    from: isoDate,
    to: isoDate,
  },
} as const;

export type ActivityFilter = FromSchema<typeof activityFilterSchema>;

export const listQuerySchema = {
  ...activityFilterSchema,
  properties: {
    ...activityFilterSchema.properties,
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
    cursor: { type: 'string', minLength: 1, maxLength: 2048 },
  },
} as const;

export type ListQuery = FromSchema<typeof listQuerySchema>;

/** The CSV export: the list's filters, and the cursor of the next part (X-Next-Cursor of the last one). */
export const exportQuerySchema = {
  ...activityFilterSchema,
  properties: {
    ...activityFilterSchema.properties,
    cursor: { type: 'string', minLength: 1, maxLength: 2048 },
  },
} as const;

export type ExportQuery = FromSchema<typeof exportQuerySchema>;

/** What the summary groups by: a field of the records, or the calendar month or ISO week of their date. */
export const SUMMARY_DIMENSIONS = ['customer', 'project', 'engineer', 'activity', 'month', 'week'] as const;

/**
 * The summary: every filter of the list (an engineer's is pinned to their own records), grouped by
 * one dimension, or two (`thenBy`: customer × month). `source=records` adds the records up instead
 * of reading the maintained totals (a check of the totals; slow over large ranges).
 */
export const summaryQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['groupBy'],
  properties: {
    ...activityFilterSchema.properties,
    groupBy: { type: 'string', enum: SUMMARY_DIMENSIONS },
    thenBy: { type: 'string', enum: SUMMARY_DIMENSIONS },
    source: { type: 'string', enum: ['totals', 'records'] },
  },
} as const;

export type SummaryQuery = FromSchema<typeof summaryQuerySchema>;

/** Compiled at build time (scripts/compile-schemas.ts); the site validates the form with it too. */
export const validators = {
  'activity-input': { schema: activityInputSchema },
};
