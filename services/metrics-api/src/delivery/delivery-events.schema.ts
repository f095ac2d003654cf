/**
 * The EventBridge events the recorder accepts (docs/delivery-metrics.md, "How events arrive"): what
 * CodePipeline and CodeDeploy document, narrowed to the fields the recorder reads. Anything else
 * (another detail-type, a missing execution id) is refused and logged, never half-recorded.
 */
const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const codePipelineEventSchema = {
  type: 'object',
  required: ['id', 'time', 'source', 'detail-type', 'detail'],
  properties: {
    id,
    time: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
    source: { const: 'aws.codepipeline' },
    'detail-type': {
      enum: [
        'CodePipeline Pipeline Execution State Change',
        'CodePipeline Stage Execution State Change',
        'CodePipeline Action Execution State Change',
      ],
    },
    detail: {
      type: 'object',
      required: ['pipeline', 'execution-id', 'state'],
      properties: {
        pipeline: name,
        'execution-id': id,
        state: {
          enum: [
            'STARTED',
            'SUCCEEDED',
            'FAILED',
            'CANCELED',
            'RESUMED',
            'STOPPED',
            'STOPPING',
            'SUPERSEDED',
            'ABANDONED',
          ],
        },
        stage: name,
        action: name,
        type: {
          type: 'object',
          properties: { category: name, provider: name },
        },
        'execution-result': {
          type: 'object',
          properties: { 'external-execution-id': { type: 'string', maxLength: 1500 } },
        },
      },
    },
  },
} as const;

export const codeDeployEventSchema = {
  type: 'object',
  required: ['id', 'time', 'source', 'detail-type', 'detail'],
  properties: {
    id,
    time: codePipelineEventSchema.properties.time,
    source: { const: 'aws.codedeploy' },
    'detail-type': { const: 'CodeDeploy Deployment State-change Notification' },
    detail: {
      type: 'object',
      required: ['deploymentId', 'state'],
      properties: {
        deploymentId: { type: 'string', pattern: '^d-[A-Z0-9]{1,20}$' },
        state: { enum: ['START', 'SUCCESS', 'FAILURE', 'STOP', 'READY'] },
        application: name,
        deploymentGroup: name,
      },
    },
  },
} as const;

/** Compiled at build time by scripts/compile-schemas.ts. */
export const validators = {
  'codepipeline-event': { schema: codePipelineEventSchema },
  'codedeploy-event': { schema: codeDeployEventSchema },
} as const;
