import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, CodePipelineEvent, SNSEvent } from 'aws-lambda';
import {
  codeCommitPush,
  githubDelivery,
  imageNotification,
  pipelineJob,
  sampleImage,
} from '../../services/pipeline-triggers/test/support/fixtures';
import { type SampleApproval, sampleApproval, snsEventFor } from '../../shared/test-support/approval-gateway';
import type { RecordedCall } from '../../shared/test-support/aws-recorder';
import { loadEvent } from '../../shared/test-support/events';
import { readInbox } from '../local/ses';
import type { Emulators } from './emulators';

/** What one round of runs shares: the record and the approval its functions work on. */
export interface Round {
  index: number;
  emulators: Emulators;
  activityId?: string;
  approval?: SampleApproval;
  /** The link tokens mailed for `approval`, one per approver. */
  linkTokens?: string[];
}

/** Checks one run: the handler's result and the AWS calls the recorder saw meanwhile. */
export type Check = (result: unknown, calls: RecordedCall[]) => string | undefined;

export interface Workload {
  /** The events of one invocation (an array with one event for a cold start). */
  events(round: Round): Promise<unknown[]> | unknown[];
  check: Check;
  /** After a successful run: remember what later functions of the round need. */
  after?(result: unknown, round: Round): Promise<void> | void;
}

// ---- checks ---------------------------------------------------------------------------------------

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;

export const statusIs =
  (expected: number): Check =>
  (result) => {
    const status = field(result, 'statusCode');
    return status === expected
      ? undefined
      : `expected HTTP ${expected}, got ${status}: ${String(field(result, 'body'))}`;
  };

const oneProcessed: Check = (result) =>
  field(result, 'processed') === 1 && (field(result, 'dropped') ?? 0) === 0
    ? undefined
    : `expected one processed SNS record, got ${JSON.stringify(result)}`;

const called =
  (operation: string, also: Check = () => undefined): Check =>
  (result, calls) =>
    calls.some((call) => call.operation === operation) ? also(result, calls) : `${operation} was not called`;

const jobSucceeded: Check = (_result, calls) => {
  const failure = calls.find((call) => call.operation === 'PutJobFailureResult');
  if (failure) return `PutJobFailureResult: ${JSON.stringify(failure.body.failureDetails)}`;
  return calls.some((call) => call.operation === 'PutJobSuccessResult') ? undefined : 'no PutJobSuccessResult';
};

// ---- events ---------------------------------------------------------------------------------------

interface HttpRequest {
  method: string;
  routeKey: string;
  path: string;
  body?: string;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  base64?: boolean;
  /** Put API Gateway's JWT authorizer context on it, as for the metrics API's routes (a manager who is also an engineer). */
  signedIn?: boolean;
}

/** An HTTP API (payload 2.0) request built on test/events/apigw/post-activity.json. */
export function httpEvent(request: HttpRequest): APIGatewayProxyEventV2 {
  const sample = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  const signedIn = loadEvent<APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } }>(
    'apigw',
    'get-activities-signed-in',
  );
  const query = new URLSearchParams(request.query ?? {}).toString();
  const headers = { ...sample.headers, ...request.headers };
  if (request.body === undefined) delete headers['content-type'];
  return {
    ...sample,
    routeKey: request.routeKey,
    rawPath: request.path,
    rawQueryString: query,
    headers,
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    requestContext: {
      ...sample.requestContext,
      ...(request.signedIn ? { authorizer: signedIn.requestContext.authorizer } : {}),
      routeKey: request.routeKey,
      requestId: randomUUID(),
      http: { ...sample.requestContext.http, method: request.method, path: request.path },
    },
    body: request.base64 && request.body !== undefined ? Buffer.from(request.body).toString('base64') : request.body,
    isBase64Encoded: request.base64 ?? false,
  } as APIGatewayProxyEventV2;
}

/** The sample activity with this round's project and hours, so every created record differs (the engineer is the caller). */
export function activityBody(index: number): string {
  const { engineer: _caller, ...sample } = JSON.parse(
    loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity').body ?? '{}',
  );
  return JSON.stringify({ ...sample, project: `Bench Project ${index}`, hours: (index % 96) / 4 + 0.25 });
}

const createEvent = (round: Round) =>
  httpEvent({
    method: 'POST',
    routeKey: 'POST /activities',
    path: '/activities',
    body: activityBody(round.index),
    signedIn: true,
  });

function withActivity(round: Round, build: (id: string) => APIGatewayProxyEventV2): APIGatewayProxyEventV2[] {
  if (round.activityId === undefined) throw new Error('activityCreate did not run in this round');
  return [build(round.activityId)];
}

/** The sample Image Builder message renamed to this stage's QAT image pipeline (the one the dev config maps). */
export function benchImageMessage(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(sampleImage()).replaceAll('runway-app-qat', 'runway-dev-app-qat'));
}

export const IMAGE_PIPELINE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/runway-dev-app-qat';

/** A first invocation of the image build action on this stage's QAT image pipeline. */
export function imageBuildJob(): CodePipelineEvent {
  return pipelineJob(JSON.stringify({ imagePipelineArn: IMAGE_PIPELINE_ARN, wait: true }));
}

async function registeredApproval(round: Round): Promise<SNSEvent> {
  const approval = sampleApproval({ pipelineName: `runway-bench-${round.index}-${randomUUID().slice(0, 8)}` });
  await round.emulators.control.registerApproval(approval);
  round.approval = approval;
  return snsEventFor(approval);
}

async function collectLinks(round: Round): Promise<void> {
  const pipelineName = round.approval?.pipelineName ?? '';
  const emails = (await readInbox(round.emulators.sesUrl)).filter((email) => email.subject.includes(pipelineName));
  round.linkTokens = emails.map((email) => {
    const match = /\/approvals\/([A-Za-z0-9_-]{43})/.exec(email.body.text ?? '');
    if (!match?.[1]) throw new Error(`No review link in the email "${email.subject}"`);
    return match[1];
  });
}

function linkToken(round: Round, index: number): string {
  const token = round.linkTokens?.[index];
  if (token === undefined) throw new Error('onApprovalNotification mailed no link in this round');
  return token;
}

const approvalRequest = (method: 'GET' | 'POST', token: string, body?: string) =>
  httpEvent({
    method,
    routeKey: `${method} /approvals/{token}`,
    path: `/approvals/${token}`,
    pathParameters: { token },
    body,
    // API Gateway base64-encodes form posts (PITFALLS.md); the browser says the post is same-origin.
    base64: body !== undefined,
    headers: {
      'sec-fetch-site': 'same-origin',
      ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
    },
  });

// ---- workloads per function (service/functionKey) and per Python peer -----------------------------

/** The representative invocation of every function, in the order a round runs them. */
export const FUNCTION_WORKLOADS: Record<string, Workload> = {
  'metrics-api/activityCreate': {
    events: (round) => [createEvent(round)],
    check: statusIs(201),
    after: (result, round) => {
      round.activityId = String(field(JSON.parse(String(field(result, 'body'))), 'id'));
    },
  },
  'metrics-api/activityGet': {
    events: (round) =>
      withActivity(round, (id) =>
        httpEvent({
          method: 'GET',
          routeKey: 'GET /activities/{id}',
          signedIn: true,
          path: `/activities/${id}`,
          pathParameters: { id },
        }),
      ),
    check: statusIs(200),
  },
  'metrics-api/activityUpdate': {
    events: (round) =>
      withActivity(round, (id) =>
        httpEvent({
          method: 'PUT',
          routeKey: 'PUT /activities/{id}',
          signedIn: true,
          path: `/activities/${id}`,
          pathParameters: { id },
          body: activityBody(round.index + 1),
        }),
      ),
    check: statusIs(200),
  },
  'metrics-api/activityList': {
    events: () => [httpEvent({ method: 'GET', routeKey: 'GET /activities', path: '/activities', signedIn: true })],
    check: statusIs(200),
  },
  'metrics-api/activityExport': {
    events: () => [
      httpEvent({
        method: 'GET',
        routeKey: 'GET /activities.csv',
        signedIn: true,
        path: '/activities.csv',
        query: { customer: 'Acme Corp' },
      }),
    ],
    check: statusIs(200),
  },
  'metrics-api/summaryGet': {
    events: () => [
      httpEvent({
        method: 'GET',
        routeKey: 'GET /summary',
        path: '/summary',
        query: { groupBy: 'customer' },
        signedIn: true,
      }),
    ],
    check: statusIs(200),
  },
  'metrics-api/activityDelete': {
    events: (round) =>
      withActivity(round, (id) =>
        httpEvent({
          method: 'DELETE',
          routeKey: 'DELETE /activities/{id}',
          signedIn: true,
          path: `/activities/${id}`,
          pathParameters: { id },
        }),
      ),
    check: statusIs(204),
  },
  'approval-gateway/onApprovalNotification': {
    events: async (round) => [await registeredApproval(round)],
    check: called('GetPipelineState', oneProcessed),
    after: (_result, round) => collectLinks(round),
  },
  'approval-gateway/approvalPage': {
    events: (round) => [approvalRequest('GET', linkToken(round, 1))],
    check: statusIs(200),
  },
  'approval-gateway/approvalDecide': {
    events: (round) => [approvalRequest('POST', linkToken(round, 0), 'decision=approve&comment=bench')],
    check: called('PutApprovalResult', statusIs(200)),
  },
  'pipeline-triggers/onCodeCommitPush': {
    events: () => [codeCommitPush()],
    check: called('StartImagePipelineExecution', (result) =>
      field(result, 'started') === true ? undefined : `not started: ${JSON.stringify(result)}`,
    ),
  },
  'pipeline-triggers/onGithubPush': {
    events: () => [githubDelivery()],
    check: called('GetParameter', called('StartImagePipelineExecution', statusIs(200))),
  },
  'pipeline-triggers/onImageBuilt': {
    events: () => [imageNotification(benchImageMessage())],
    check: called('StartPipelineExecution', oneProcessed),
  },
  'pipeline-triggers/twoPersonRule': {
    events: () => [pipelineJob()],
    check: jobSucceeded,
  },
  'image-pipeline-starter/imageBuildAction': {
    events: () => [imageBuildJob()],
    check: called('StartImagePipelineExecution', jobSucceeded),
  },
};

export interface PythonPeer {
  /** Module in scripts/bench/python. */
  module: string;
  /** The function whose environment (table names, approvers...) the peer runs with. */
  envOf: string;
  /** What it does, for the report. */
  does: string;
  workload: Workload;
}

/** One Python peer per AWS-service family, and which functions are compared with which. */
export const PYTHON_PEERS: Record<string, PythonPeer> = {
  dynamodb_api: {
    module: 'dynamodb_api',
    envOf: 'metrics-api/activityCreate',
    does: 'POST /activities: JSON body, DynamoDB put_item (boto3 resource)',
    workload: { events: (round) => [createEvent({ ...round, index: round.index + 100_000 })], check: statusIs(201) },
  },
  approval_notify: {
    module: 'approval_notify',
    envOf: 'approval-gateway/onApprovalNotification',
    does: 'SNS approval: CodePipeline get_pipeline_state, DynamoDB put_item ×3, SES send_email ×2',
    workload: {
      events: async (round) => [await registeredApproval({ ...round })],
      check: called('GetPipelineState', (result) =>
        field(result, 'sent') === 2 ? undefined : `expected 2 emails, got ${JSON.stringify(result)}`,
      ),
    },
  },
  image_build: {
    module: 'image_build',
    envOf: 'image-pipeline-starter/imageBuildAction',
    does: 'CodePipeline job: Image Builder start_image_pipeline_execution, put_job_success_result',
    workload: { events: () => [imageBuildJob()], check: called('StartImagePipelineExecution', jobSucceeded) },
  },
  image_built: {
    module: 'image_built',
    envOf: 'pipeline-triggers/onImageBuilt',
    does: 'SNS image AVAILABLE: CodePipeline start_pipeline_execution (SNS client for alerts)',
    workload: { events: () => [imageNotification(benchImageMessage())], check: called('StartPipelineExecution') },
  },
  two_person_rule: {
    module: 'two_person_rule',
    envOf: 'pipeline-triggers/twoPersonRule',
    does: 'CodePipeline job: get_job_details, list_action_executions, DynamoDB query, put_job_success_result',
    workload: { events: () => [pipelineJob()], check: jobSucceeded },
  },
};

/** Which Python peer each function is compared with. */
export const PEER_OF: Record<string, keyof typeof PYTHON_PEERS> = {
  'metrics-api/activityCreate': 'dynamodb_api',
  'metrics-api/activityGet': 'dynamodb_api',
  'metrics-api/activityUpdate': 'dynamodb_api',
  'metrics-api/activityList': 'dynamodb_api',
  'metrics-api/activityExport': 'dynamodb_api',
  'metrics-api/summaryGet': 'dynamodb_api',
  'metrics-api/activityDelete': 'dynamodb_api',
  'approval-gateway/onApprovalNotification': 'approval_notify',
  'approval-gateway/approvalPage': 'dynamodb_api',
  'approval-gateway/approvalDecide': 'approval_notify',
  'pipeline-triggers/onCodeCommitPush': 'image_build',
  'pipeline-triggers/onGithubPush': 'image_build',
  'pipeline-triggers/onImageBuilt': 'image_built',
  'pipeline-triggers/twoPersonRule': 'two_person_rule',
  'image-pipeline-starter/imageBuildAction': 'image_build',
};
