/** The delivery routes' inputs (docs/delivery-metrics.md, "Routes"). */
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
/** A CodePipeline pipeline name, as CodePipeline allows them. */
const pipelineName = { type: 'string', pattern: '^[A-Za-z0-9.@_-]{1,100}$' } as const;
const executionId = { type: 'string', pattern: '^[A-Za-z0-9-]{1,100}$' } as const;
const uuid = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;

export const periodQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { from: isoDate, to: isoDate, pipeline: pipelineName },
} as const;

export const releasesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...periodQuerySchema.properties,
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;

export const pipelineSettingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'production'],
  properties: {
    projectId: uuid,
    production: { type: 'boolean' },
    deployStage: { type: 'string', pattern: '^[A-Za-z0-9.@_-]{1,100}$', default: 'DeployProduction' },
  },
} as const;

export const failureMarkSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['note'],
  properties: { note: { type: 'string', minLength: 1, maxLength: 1000 } },
} as const;

const withQuery = <TSchema extends object>(schema: TSchema) =>
  ({ type: 'object', properties: { queryStringParameters: { default: {}, ...schema } } }) as const;

/** Compiled at build time by scripts/compile-schemas.ts. */
export const validators = {
  'delivery-metrics-event': { schema: withQuery(periodQuerySchema), coerceTypes: true },
  'delivery-releases-event': { schema: withQuery(releasesQuerySchema), coerceTypes: true },
  'pipeline-setting-event': {
    schema: {
      type: 'object',
      required: ['body', 'pathParameters'],
      properties: {
        body: pipelineSettingSchema,
        pathParameters: { type: 'object', required: ['pipeline'], properties: { pipeline: pipelineName } },
      },
    },
  },
  'failure-mark-event': {
    schema: {
      type: 'object',
      required: ['body', 'pathParameters'],
      properties: {
        body: failureMarkSchema,
        pathParameters: { type: 'object', required: ['executionId'], properties: { executionId } },
      },
    },
  },
  'failure-unmark-event': {
    schema: {
      type: 'object',
      required: ['pathParameters'],
      properties: { pathParameters: { type: 'object', required: ['executionId'], properties: { executionId } } },
    },
  },
} as const;
