import type { FromSchema } from 'json-schema-to-ts';
import { MAX_COMMENT_LENGTH } from './week-state';

// Shape only; whether the week really exists (2025-W53 does not) is checked in iso-week.ts.
const weekId = { type: 'string', pattern: '^\\d{4}-W\\d{2}$' } as const;
const engineerId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const weekPath = { type: 'object', required: ['week'], properties: { week: weekId } } as const;

export const weekQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { engineer: engineerId },
} as const;
export type WeekQuery = FromSchema<typeof weekQuerySchema>;

export const decisionBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['engineer'],
  properties: {
    engineer: engineerId,
    comment: { type: 'string', maxLength: MAX_COMMENT_LENGTH },
    reason: { type: 'string', maxLength: MAX_COMMENT_LENGTH },
  },
} as const;
export type DecisionBody = FromSchema<typeof decisionBodySchema>;

export const weekListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: ['submitted', 'approved', 'rejected'] },
    from: weekId,
    to: weekId,
  },
} as const;
export type WeekListQuery = FromSchema<typeof weekListQuerySchema>;

/** Event-level validators of the week routes, compiled at build time by scripts/compile-schemas.ts. */
export const validators = {
  'week-get-event': {
    schema: {
      type: 'object',
      required: ['pathParameters'],
      properties: { pathParameters: weekPath, queryStringParameters: { default: {}, ...weekQuerySchema } },
    },
  },
  'week-submit-event': {
    schema: { type: 'object', required: ['pathParameters'], properties: { pathParameters: weekPath } },
  },
  'week-decision-event': {
    schema: {
      type: 'object',
      required: ['pathParameters', 'body'],
      properties: { pathParameters: weekPath, body: decisionBodySchema },
    },
  },
  'week-list-event': {
    schema: {
      type: 'object',
      properties: { queryStringParameters: { default: {}, ...weekListQuerySchema } },
    },
  },
} as const;
