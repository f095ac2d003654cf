import type { FromSchema } from 'json-schema-to-ts';
import type { codeDeployEventSchema, codePipelineEventSchema } from './delivery-events.schema';

type CodePipelineEvent = FromSchema<typeof codePipelineEventSchema>;
type CodeDeployEvent = FromSchema<typeof codeDeployEventSchema>;

/** A CodePipeline change as the recorder stores it: which execution, what changed, to what, when. */
export interface ExecutionChange {
  kind: 'execution';
  eventId: string;
  /** Epoch milliseconds of the change (the event's `time`). */
  at: number;
  pipeline: string;
  executionId: string;
  /** The item attribute this change sets (see execution.ts), e.g. `s:DeployProduction:SUCCEEDED`. */
  attribute: string;
  /** Extra attributes: an action's category, the CodeDeploy deployment it started. */
  extra: Record<string, string>;
  /** A CodeDeploy deployment this action ran, to link both ways. */
  deploymentId?: string;
  /** The stage or action reached an end (the approvers and the release may be known now). */
  final: boolean;
}

/** A CodeDeploy deployment's change. */
export interface DeploymentChange {
  kind: 'deployment';
  eventId: string;
  at: number;
  deploymentId: string;
  state: string;
}

export type DeliveryChange = ExecutionChange | DeploymentChange;

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'STOPPED', 'SUPERSEDED', 'ABANDONED']);

/** A CodePipeline event (validated) as the change it records. */
export function pipelineChange(event: CodePipelineEvent): ExecutionChange {
  const { detail } = event;
  const base = {
    kind: 'execution' as const,
    eventId: event.id,
    at: Date.parse(event.time),
    pipeline: detail.pipeline,
    executionId: detail['execution-id'],
    final: FINAL.has(detail.state),
  };
  if (event['detail-type'] === 'CodePipeline Pipeline Execution State Change') {
    return { ...base, attribute: `p:${detail.state}`, extra: {} };
  }
  if (detail.stage === undefined) throw new Error(`${event['detail-type']} without a stage`);
  if (event['detail-type'] === 'CodePipeline Stage Execution State Change') {
    return { ...base, attribute: `s:${detail.stage}:${detail.state}`, extra: {} };
  }
  if (detail.action === undefined) throw new Error('An action execution change without an action');
  const action = `${detail.stage}:${detail.action}`;
  const extra: Record<string, string> = {};
  if (detail.type?.category !== undefined) extra[`ac:${action}`] = detail.type.category;
  const externalId = detail['execution-result']?.['external-execution-id'];
  const deploymentId = detail.type?.provider === 'CodeDeploy' && externalId ? externalId : undefined;
  if (deploymentId !== undefined) extra[`ad:${deploymentId}`] = detail.stage;
  if (detail.type?.category === 'Source' && externalId) extra.commitId = externalId.slice(0, 100);
  return {
    ...base,
    attribute: `a:${action}:${detail.state}`,
    extra,
    ...(deploymentId === undefined ? {} : { deploymentId }),
  };
}

/** A CodeDeploy event (validated) as the change it records. */
export function deploymentChange(event: CodeDeployEvent): DeploymentChange {
  return {
    kind: 'deployment',
    eventId: event.id,
    at: Date.parse(event.time),
    deploymentId: event.detail.deploymentId,
    state: event.detail.state,
  };
}
