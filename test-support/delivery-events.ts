import { randomUUID } from 'node:crypto';
import { loadEvent } from './events';

/**
 * CodePipeline and CodeDeploy state changes as EventBridge delivers them, built from the documented
 * samples (test/events/delivery), and their delivery to metrics-api's recorder through
 * serverless-offline's Lambda Invoke API (serverless-offline has no EventBridge).
 */
export type DeliveryEvent = Record<string, unknown> & { id: string; time: string; detail: Record<string, unknown> };

interface Change {
  pipeline: string;
  executionId: string;
  state: string;
  /** When it happened; now when unset. */
  at?: Date;
}

const stamp = (event: DeliveryEvent, at: Date | undefined): DeliveryEvent => {
  event.id = randomUUID();
  event.time = `${(at ?? new Date()).toISOString().slice(0, 19)}Z`;
  return event;
};

/** A pipeline execution's change (STARTED, SUCCEEDED, FAILED, ...). */
export function executionEvent(change: Change): DeliveryEvent {
  const event = loadEvent<DeliveryEvent>('delivery', 'pipeline-execution-started');
  Object.assign(event.detail, { pipeline: change.pipeline, 'execution-id': change.executionId, state: change.state });
  event.resources = [`arn:aws:codepipeline:us-east-1:123456789012:${change.pipeline}`];
  return stamp(event, change.at);
}

/** A stage's change. */
export function stageEvent(change: Change & { stage: string }): DeliveryEvent {
  const event = loadEvent<DeliveryEvent>('delivery', 'stage-execution-succeeded');
  Object.assign(event.detail, {
    pipeline: change.pipeline,
    'execution-id': change.executionId,
    state: change.state,
    stage: change.stage,
  });
  return stamp(event, change.at);
}

/** A manual approval action's change. */
export function approvalEvent(change: Change & { stage: string; action: string }): DeliveryEvent {
  const event = loadEvent<DeliveryEvent>('delivery', 'action-execution-approval-started');
  Object.assign(event.detail, {
    pipeline: change.pipeline,
    'execution-id': change.executionId,
    state: change.state,
    stage: change.stage,
    action: change.action,
  });
  return stamp(event, change.at);
}

/** A CodeDeploy action's change; at its end, `deploymentId` is the deployment it ran. */
export function deployActionEvent(change: Change & { stage: string; deploymentId: string }): DeliveryEvent {
  const event = loadEvent<DeliveryEvent>('delivery', 'action-execution-codedeploy-succeeded');
  Object.assign(event.detail, {
    pipeline: change.pipeline,
    'execution-id': change.executionId,
    state: change.state,
    stage: change.stage,
    action: change.stage,
  });
  const result = event.detail['execution-result'] as Record<string, unknown>;
  result['external-execution-id'] = change.deploymentId;
  return stamp(event, change.at);
}

/** A CodeDeploy deployment's change (START, SUCCESS, FAILURE, STOP). */
export function codeDeployEvent(change: { deploymentId: string; state: string; at?: Date }): DeliveryEvent {
  const event = loadEvent<DeliveryEvent>('delivery', 'codedeploy-deployment-failure');
  Object.assign(event.detail, { deploymentId: change.deploymentId, state: change.state });
  return stamp(event, change.at);
}

/** When each step of a production release happened (pipeline-triggers' AMI production pipeline). */
export interface ReleaseTimes {
  started: Date;
  qcAsked: Date;
  qcDecided: Date;
  pmoDecided: Date;
  deployed: Date;
}

/**
 * Every event of one production release, in the order CodePipeline sends them: started, Build and
 * DeployQAT, QCApproval and PMOApproval, DeployProduction (ending `outcome`), the execution's end.
 */
export function releaseEvents(
  pipeline: string,
  executionId: string,
  times: ReleaseTimes,
  outcome: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED',
): DeliveryEvent[] {
  const on = { pipeline, executionId };
  const deployStart = new Date(Math.max(times.pmoDecided.getTime(), times.deployed.getTime() - 60_000));
  return [
    executionEvent({ ...on, state: 'STARTED', at: times.started }),
    stageEvent({ ...on, stage: 'Build', state: 'SUCCEEDED', at: times.started }),
    stageEvent({ ...on, stage: 'DeployQAT', state: 'SUCCEEDED', at: times.qcAsked }),
    approvalEvent({ ...on, stage: 'Approval', action: 'QCApproval', state: 'STARTED', at: times.qcAsked }),
    approvalEvent({ ...on, stage: 'Approval', action: 'QCApproval', state: 'SUCCEEDED', at: times.qcDecided }),
    approvalEvent({ ...on, stage: 'Approval', action: 'PMOApproval', state: 'STARTED', at: times.qcDecided }),
    approvalEvent({ ...on, stage: 'Approval', action: 'PMOApproval', state: 'SUCCEEDED', at: times.pmoDecided }),
    stageEvent({ ...on, stage: 'DeployProduction', state: 'STARTED', at: deployStart }),
    stageEvent({ ...on, stage: 'DeployProduction', state: outcome, at: times.deployed }),
    executionEvent({ ...on, state: outcome, at: times.deployed }),
  ];
}

/** The recorder's function name under a stage. */
export const recorderFunction = (stage: string) => `runway-metrics-api-${stage}-deliveryEventRecord`;

/** Delivers one event to the recorder as EventBridge would invoke it; throws when the function failed. */
export async function sendDeliveryEvent(lambdaUrl: string, stage: string, event: DeliveryEvent): Promise<unknown> {
  const response = await fetch(`${lambdaUrl}/2015-03-31/functions/${recorderFunction(stage)}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  });
  const text = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error')) {
    throw new Error(`The delivery recorder failed (${response.status}): ${text}`);
  }
  return text === '' ? undefined : JSON.parse(text);
}
