import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import type { GatewayDecision } from '@shared/approvals/approval-audit';
import { directoryDocument, parseApproverDirectory } from '@shared/approvals/approver-directory';
import type { APIGatewayProxyEventV2, CodePipelineEvent, SNSEvent } from 'aws-lambda';
import * as yaml from 'js-yaml';
import type { AwsRecorder } from '../../../../test-support/aws-recorder';
import { loadEvent } from '../../../../test-support/events';
import type { CodeCommitEvent, CodeCommitStateChange } from '../../src/source/codecommit-event';

// ---- CodeCommit (eventbridge/codecommit-push.json) ------------------------------------------

/** The sample CodeCommit push with `detail` changed, e.g. another branch or a tag. */
export function codeCommitPush(detail: Partial<CodeCommitStateChange> = {}): CodeCommitEvent {
  const event = loadEvent<CodeCommitEvent>('eventbridge', 'codecommit-push');
  return { ...event, detail: { ...event.detail, ...detail } };
}

// ---- GitHub (github/push-webhook.json, delivered as apigw/post-activity.json's HTTP API shape) --

interface GithubSample {
  secret: string;
  headers: Record<string, string>;
  body: string;
}

export const githubSample = () => loadEvent<GithubSample>('github', 'push-webhook');

/** GitHub's `pull_request` delivery of a pull request merged into main (github/pull-request-merged-webhook.json). */
export const githubMergeSample = () => loadEvent<GithubSample>('github', 'pull-request-merged-webhook');

/** The sample merged pull request's payload with `pull_request` fields changed (merged, base...). */
export function githubMergeBody(changes: Record<string, unknown> = {}): string {
  const payload = JSON.parse(githubMergeSample().body) as { pull_request: Record<string, unknown> };
  return JSON.stringify({ ...payload, pull_request: { ...payload.pull_request, ...changes } });
}

/** The sample push payload, parsed, with fields changed (ref, after, deleted...). */
export function githubPushBody(changes: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...JSON.parse(githubSample().body), ...changes });
}

/** `X-Hub-Signature-256` of `body`, signed with the sample's secret unless told otherwise. */
export function sign(body: string | Buffer, secret = githubSample().secret): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliveryOptions {
  body?: string;
  headers?: Record<string, string | undefined>;
  base64?: boolean;
}

/** An HTTP API (payload 2.0) request to POST /webhooks/github carrying a GitHub delivery. */
export function githubDelivery(options: DeliveryOptions = {}): APIGatewayProxyEventV2 {
  const sample = githubSample();
  const request = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  const body = options.body ?? sample.body;
  const headers = { ...sample.headers, host: request.headers.host, ...options.headers } as Record<string, string>;
  for (const [name, value] of Object.entries(headers)) if (value === undefined) delete headers[name];
  return {
    ...request,
    routeKey: 'POST /webhooks/github',
    rawPath: '/webhooks/github',
    headers,
    requestContext: {
      ...request.requestContext,
      routeKey: 'POST /webhooks/github',
      http: { ...request.requestContext.http, path: '/webhooks/github', userAgent: sample.headers['user-agent'] ?? '' },
    },
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

// ---- Image Builder SNS (sns/imagebuilder-available.json) --------------------------------------

type ImageMessage = Record<string, unknown>;

export const sampleImage = (): ImageMessage =>
  JSON.parse(loadEvent<SNSEvent>('sns', 'imagebuilder-available').Records[0]?.Sns.Message ?? '{}');

/** The sample SNS event with its image message changed, or with several messages (raw strings are sent as-is). */
export function imageNotification(...messages: (ImageMessage | string)[]): SNSEvent {
  const event = loadEvent<SNSEvent>('sns', 'imagebuilder-available');
  const [record] = event.Records;
  if (!record) throw new Error('sample SNS event has no record');
  const bodies = messages.length > 0 ? messages : [sampleImage()];
  return {
    Records: bodies.map((message, index) => ({
      ...record,
      Sns: {
        ...record.Sns,
        MessageId: `${record.Sns.MessageId.slice(0, -2)}${String(index).padStart(2, '0')}`,
        Message: typeof message === 'string' ? message : JSON.stringify(message),
      },
    })),
  };
}

/** The sample image built by the production image pipeline instead of the QAT one. */
export function productionImage(): ImageMessage {
  const image = sampleImage();
  const rename = (value: string) => value.replaceAll('runway-app-qat', 'runway-app-prod');
  return {
    ...image,
    arn: rename(String(image.arn)),
    name: 'runway-app-prod',
    sourcePipelineArn: rename(String(image.sourcePipelineArn)),
  };
}

/** The sample image in a final state other than AVAILABLE, as Image Builder reports a failed build. */
export function imageInState(status: 'FAILED' | 'CANCELLED', reason: string): ImageMessage {
  const image = sampleImage();
  return { ...image, state: { status, reason }, outputResources: {} };
}

// ---- CodePipeline (codepipeline/job.json, codepipeline/list-action-executions.json) ---------

export const EXECUTION_ID = '6c0b9a8e-1d2f-4c3b-9a8e-7f6d5c4b3a21';
export const JOB_ID = '11111111-abcd-1111-abcd-111111abcdef';

/** The sample job, optionally with other UserParameters. */
export function pipelineJob(userParameters?: string): CodePipelineEvent {
  const event = loadEvent<CodePipelineEvent>('codepipeline', 'job');
  if (userParameters !== undefined) {
    event['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters = userParameters;
  }
  return event;
}

/** GetJobDetails' answer for the sample job: its data plus the pipeline context of the production execution. */
export function jobDetailsResponse() {
  const job = pipelineJob()['CodePipeline.job'];
  return {
    jobDetails: {
      id: job.id,
      accountId: job.accountId,
      data: {
        ...job.data,
        pipelineContext: {
          pipelineName: 'runway-prod',
          pipelineArn: 'arn:aws:codepipeline:us-east-1:123456789012:runway-prod',
          pipelineExecutionId: EXECUTION_ID,
          stage: { name: 'ProductionGate' },
          action: { name: 'TwoPersonRule', actionExecutionId: 'a1b2c3d4-0001-4000-8000-000000000004' },
        },
      },
    },
  };
}

/** The sample execution's actions as ListActionExecutions returns them (JSON, times in epoch seconds). */
export type ActionExecutionJson = Omit<ActionExecutionDetail, 'startTime' | 'lastUpdateTime'> & {
  actionName: string;
  startTime: number;
  lastUpdateTime: number;
};

export function sampleActionExecutions(): ActionExecutionJson[] {
  return loadEvent<{ actionExecutionDetails: ActionExecutionJson[] }>('codepipeline', 'list-action-executions')
    .actionExecutionDetails;
}

/** The sample executions with one action's run changed. */
export function withAction(
  executions: ActionExecutionJson[],
  actionName: string,
  changes: Partial<ActionExecutionJson>,
): ActionExecutionJson[] {
  return executions.map((run) => (run.actionName === actionName ? { ...run, ...changes } : run));
}

export const assumedRole = (role: string, session: string) =>
  `arn:aws:sts::123456789012:assumed-role/${role}/${session}`;
export const iamUser = (name: string, account = '123456789012') => `arn:aws:iam::${account}:user/${name}`;
/** An IAM Identity Center user's session, as CodePipeline records it. */
export const identityCenterUser = (userName: string) =>
  assumedRole('AWSReservedSSO_RunwayApprover_0123456789abcdef', userName);
/** This stage's approval-gateway decide role (TEST_ENV.APPROVAL_GATEWAY_ROLE_NAME). */
export const gatewayRole = (roleName = 'runway-approval-gateway-prod-decide-us-east-1') =>
  assumedRole(roleName, 'runway-approval-gateway-prod-approvalDecide');

/** The seeded directory of every non-production stage (directory/default.yml), as SSM holds it. */
export function directoryParameter(name: string) {
  const file = join(__dirname, '../../../../directory/default.yml');
  const directory = parseApproverDirectory(yaml.load(readFileSync(file, 'utf8')));
  return { Parameter: { Name: name, Type: 'String', Value: JSON.stringify(directoryDocument(directory)), Version: 1 } };
}

/** CodeCommit's GetCommit answer for the sample release commit, written by `author`. */
export function commitBy(author: string, committer = author) {
  return {
    commit: {
      commitId: '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f',
      message: 'Release 2.4.0: faster dashboards',
      author: { name: 'Author', email: author, date: '1795458000 +0000' },
      committer: { name: 'Committer', email: committer, date: '1795458000 +0000' },
    },
  };
}

/** GetItem's answer (DynamoDB JSON) for the push of the sample release commit that the push handlers kept. */
export function recordedPush(identities: string[], repository = 'codecommit:runway-app') {
  return {
    Item: {
      repository: { S: repository },
      commitId: { S: '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f' },
      identities: { SS: identities },
    },
  };
}

/**
 * Answers for what every two-person rule run reads besides the execution: the directory, the
 * commit (written by `author`) and its recorded push (by the IAM user `pusher`).
 */
export function respondWithDirectoryAndCommit(
  recorder: AwsRecorder,
  author = 'devon@example.com',
  pusher = 'devon',
): void {
  recorder.respond('GetParameter', { body: directoryParameter('/runway/test/approver-directory') });
  recorder.respond('GetCommit', { body: commitBy(author) });
  recorder.respond('GetItem', { body: recordedPush([iamUser(pusher)]) });
}

/**
 * The gateway's accepted decision for the sample PMO approval, as
 * approval-gateway stores it (after the action started at 1795466000).
 */
export function pmoGatewayDecision(approver = 'pmo.lead@example.com'): GatewayDecision {
  return {
    executionId: EXECUTION_ID,
    pipelineName: 'runway-prod',
    stageName: 'ProductionApproval',
    actionName: 'PMOApproval',
    approver,
    decision: 'approve',
    decidedAt: new Date(1795469500 * 1000).toISOString(),
  };
}

/** A decision as a DynamoDB JSON item of approval-gateway's table (what Query returns on the wire). */
export function auditItem(decision: GatewayDecision) {
  const item: Record<string, { S: string }> = {
    pk: { S: `execution#${decision.executionId}` },
    sk: { S: `decision#${decision.decidedAt}` },
    recordType: { S: 'decision' },
    outcome: { S: 'accepted' },
  };
  for (const [name, value] of Object.entries(decision)) item[name] = { S: value };
  return item;
}
