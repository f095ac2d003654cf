import type { FromSchema } from 'json-schema-to-ts';

/** CodePipeline's own rule for pipeline, stage and action names. */
const codePipelineName = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9.@\\-_]+$' } as const;

/**
 * The SNS Message CodePipeline publishes for a manual approval (a JSON string;
 * see test/events/sns/codepipeline-approval.json). Fields AWS may add are
 * allowed; `null` optional fields are removed before validation.
 */
export const approvalNotificationSchema = {
  type: 'object',
  required: ['approval'],
  properties: {
    region: { type: 'string' },
    consoleLink: { type: 'string' },
    approval: {
      type: 'object',
      required: ['pipelineName', 'stageName', 'actionName', 'token', 'expires'],
      properties: {
        pipelineName: codePipelineName,
        stageName: codePipelineName,
        actionName: codePipelineName,
        token: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
        // CodePipeline writes minutes only ("2026-11-30T20:22Z"); seconds are accepted too.
        expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z$' },
        customData: { type: 'string', maxLength: 2000 },
        externalEntityLink: { type: 'string', maxLength: 2048 },
        approvalReviewLink: { type: 'string', maxLength: 2048 },
      },
    },
  },
} as const;

export type ApprovalNotification = FromSchema<typeof approvalNotificationSchema>;

/** Longest comment an approver may write (the CodePipeline summary is cut to 512 characters anyway). */
export const MAX_COMMENT_LENGTH = 500;

/** The review page's form: `decision=approve|reject` and an optional `comment` (trimmed by the form parser). */
export const decisionFormSchema = {
  type: 'object',
  required: ['decision'],
  additionalProperties: false,
  properties: {
    decision: { type: 'string', enum: ['approve', 'reject'] },
    comment: { type: 'string', maxLength: MAX_COMMENT_LENGTH },
  },
} as const;

export type DecisionForm = FromSchema<typeof decisionFormSchema>;

/** Compiled at build time by scripts/compile-schemas.ts. */
export const validators = {
  'approval-notification': { schema: approvalNotificationSchema },
  'decision-form': { schema: decisionFormSchema },
};
