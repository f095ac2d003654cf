import {
  activityFilterSchema,
  activityInputSchema,
  exportQuerySchema,
  listQuerySchema,
  summaryQuerySchema,
} from '@shared/activities/activity.schema';

const idPath = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } },
} as const;

const withQuery = <TSchema extends object>(schema: TSchema) =>
  ({
    type: 'object',
    properties: { queryStringParameters: { default: {}, ...schema } },
  }) as const;

/** Event-level validators of the metrics API, compiled at build time by scripts/compile-schemas.ts. */
export const validators = {
  'activity-create-event': {
    schema: { type: 'object', required: ['body'], properties: { body: activityInputSchema } },
  },
  'activity-update-event': {
    schema: {
      type: 'object',
      required: ['body', 'pathParameters'],
      properties: { body: activityInputSchema, pathParameters: idPath },
    },
  },
  'activity-id-event': {
    schema: { type: 'object', required: ['pathParameters'], properties: { pathParameters: idPath } },
  },
  'activity-list-event': { schema: withQuery(listQuerySchema), coerceTypes: true },
  'activity-export-event': { schema: withQuery(exportQuerySchema), coerceTypes: true },
  'activity-export-xlsx-event': { schema: withQuery(activityFilterSchema), coerceTypes: true },
  'summary-event': {
    schema: {
      type: 'object',
      required: ['queryStringParameters'],
      properties: { queryStringParameters: summaryQuerySchema },
    },
    coerceTypes: true,
  },
} as const;
