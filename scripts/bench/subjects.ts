import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, CodePipelineEvent, EventBridgeEvent, SNSEvent } from 'aws-lambda';
import { shiftWeek } from '../../services/metrics-api/src/weeks/iso-week';
import {
  codeCommitPush,
  githubDelivery,
  imageNotification,
  pipelineJob,
  sampleImage,
} from '../../services/pipeline-triggers/test/support/fixtures';
import { APPROVERS, type SampleApproval, sampleApproval, snsEventFor } from '../../test-support/approval-gateway';
import type { RecordedCall } from '../../test-support/aws-recorder';
import { loadEvent } from '../../test-support/events';
import { LOCAL_PEOPLE, type LocalPerson } from '../../test-support/people';
import { readInbox } from '../../test-support/ses';
import { backdateApproval, type Emulators, forgetWeekReminders } from './emulators';

/** What one round of runs shares: the record and the approval its functions work on. */
export interface Round {
  index: number;
  emulators: Emulators;
  activityId?: string;
  approval?: SampleApproval;
  /** The link tokens mailed for `approval`, one per approver. */
  linkTokens?: string[];
  /** The week weekSubmit submitted in this round, for weekList and weekDecide. */
  submittedWeek?: string;
}

/** Checks one run: the handler's result and the AWS calls the recorder saw meanwhile. */
export type Check = (result: unknown, calls: RecordedCall[]) => string | undefined;

export interface Workload {
  /** The events of one invocation (an array with one event for a cold start). */
  events(round: Round): Promise<unknown[]> | unknown[];
  check: Check;
  /** After a successful run: remember what later functions of the round need. */
  after?(result: unknown, round: Round): Promise<void> | void;
  /** Environment on top of the packaged one, where the local stand-ins differ from AWS (as the local stack sets it). */
  env?: Record<string, string>;
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

const jsonBody = (result: unknown): unknown => {
  try {
    return JSON.parse(String(field(result, 'body')));
  } catch {
    return undefined;
  }
};

/** HTTP `expected`, and the JSON body passes `problem` (which names what is wrong, or returns undefined). */
const statusAnd =
  (expected: number, problem: (body: unknown) => string | undefined): Check =>
  (result, calls) =>
    statusIs(expected)(result, calls) ?? problem(jsonBody(result));

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
  /**
   * Put API Gateway's JWT authorizer context on it, as for the metrics API's routes: `true` for the
   * fixture's caller (a manager who is also an engineer), or the claims of another person.
   */
  signedIn?: boolean | SignedInPerson;
}

/** Who a token names: the fields of a seeded person that become its ID token's claims. */
type SignedInPerson = Pick<LocalPerson, 'id' | 'email' | 'name' | 'groups'>;

interface SignedInEvent {
  requestContext: { authorizer: { jwt: { claims: Record<string, string> } } };
}

/** The fixture's authorizer context, with the claims of `person` when given (arrays flattened as API Gateway does). */
function authorizerOf(person: true | SignedInPerson): SignedInEvent['requestContext']['authorizer'] {
  const { authorizer } = loadEvent<SignedInEvent>('apigw', 'get-activities-signed-in').requestContext;
  if (person === true) return authorizer;
  const claims = {
    ...authorizer.jwt.claims,
    sub: person.id,
    'cognito:username': person.id,
    email: person.email,
    name: person.name,
    'cognito:groups': `[${person.groups.join(' ')}]`,
  };
  return { ...authorizer, jwt: { ...authorizer.jwt, claims } };
}

/** An HTTP API (payload 2.0) request built on test/events/apigw/post-activity.json. */
export function httpEvent(request: HttpRequest): APIGatewayProxyEventV2 {
  const sample = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
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
      ...(request.signedIn ? { authorizer: authorizerOf(request.signedIn) } : {}),
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

/** The week of the sample activity (2026-11-23), which holds the seeded records: what GET /weeks/{week} reads. */
export const RECORDS_WEEK = '2026-W48';

/** A week of its own per round (counted from 2025-W01), so that each round submits and approves an open week. */
export function roundWeek(index: number): string {
  return shiftWeek('2025-W01', index);
}

/** The seeded manager, who decides the fixture caller's weeks (a manager cannot decide their own). */
function seededManager(): LocalPerson {
  const manager = LOCAL_PEOPLE.find((person) => person.groups.includes('managers'));
  if (manager === undefined) throw new Error('test-support/people.ts seeds no manager');
  return manager;
}

const seededEngineers = () => LOCAL_PEOPLE.filter((person) => person.groups.includes('engineers'));

/** The week functions that mail or list people read the seeded ones, as on the local stack, where AWS asks the pool. */
const LOCAL_PEOPLE_ENV = {
  RUNWAY_LOCAL_PEOPLE: JSON.stringify(LOCAL_PEOPLE.map(({ password: _password, ...person }) => person)),
};

function withSubmittedWeek(round: Round, build: (week: string) => APIGatewayProxyEventV2): APIGatewayProxyEventV2[] {
  if (round.submittedWeek === undefined) throw new Error('weekSubmit did not run in this round');
  return [build(round.submittedWeek)];
}

const weekState =
  (state: string) =>
  (body: unknown): string | undefined =>
    field(body, 'state') === state ? undefined : `expected the week ${state}, got ${JSON.stringify(body)}`;

/** The scheduled event of test/events/eventbridge/scheduled.json, sent now by `service`'s rule. */
function scheduledEvent(service: string): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  const event = loadEvent<EventBridgeEvent<'Scheduled Event', Record<string, never>>>('eventbridge', 'scheduled');
  return {
    ...event,
    id: randomUUID(),
    time: new Date().toISOString(),
    resources: event.resources.map((arn) => arn.replace('runway-metrics-api-dev', `runway-${service}-dev`)),
  };
}

/** This round's approval, asked a day and an hour ago: the reminder schedule owes its approvers a reminder. */
async function dueApproval(round: Round): Promise<unknown[]> {
  if (round.approval === undefined) throw new Error('onApprovalNotification did not run in this round');
  await backdateApproval(round.emulators.dynamodbUrl, round.approval.token, 25);
  return [scheduledEvent('approval-gateway')];
}

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
  'metrics-api/weekGet': {
    events: () => [
      httpEvent({
        method: 'GET',
        routeKey: 'GET /weeks/{week}',
        path: `/weeks/${RECORDS_WEEK}`,
        pathParameters: { week: RECORDS_WEEK },
        signedIn: true,
      }),
    ],
    // One indexed query of the caller's week: the seeded records must be in it.
    check: statusAnd(200, (body) => {
      const entries = field(body, 'entries');
      return field(body, 'week') === RECORDS_WEEK && Array.isArray(entries) && entries.length > 0
        ? undefined
        : `expected the records of ${RECORDS_WEEK}, got ${JSON.stringify(body).slice(0, 300)}`;
    }),
  },
  'metrics-api/weekSubmit': {
    events: (round) => {
      const week = roundWeek(round.index);
      return [
        httpEvent({
          method: 'POST',
          routeKey: 'POST /weeks/{week}/submit',
          path: `/weeks/${week}/submit`,
          pathParameters: { week },
          signedIn: true,
        }),
      ];
    },
    // Submitted, and the seeded manager mailed through SES.
    check: statusAnd(200, (body) => {
      const notified = field(body, 'notified');
      return (
        weekState('submitted')(body) ??
        (Array.isArray(notified) && notified.includes(seededManager().email)
          ? undefined
          : `expected ${seededManager().email} notified, got ${JSON.stringify(notified)}`)
      );
    }),
    after: (result, round) => {
      round.submittedWeek = String(field(jsonBody(result), 'week'));
    },
    env: LOCAL_PEOPLE_ENV,
  },
  'metrics-api/weekList': {
    events: (round) =>
      withSubmittedWeek(round, () =>
        httpEvent({
          method: 'GET',
          routeKey: 'GET /weeks',
          path: '/weeks',
          query: { state: 'submitted' },
          signedIn: true,
        }),
      ),
    // What waits for a decision: at least this round's submitted week.
    check: statusAnd(200, (body) => {
      const items = field(body, 'items');
      return Array.isArray(items) && items.length > 0
        ? undefined
        : `expected submitted weeks, got ${JSON.stringify(body)}`;
    }),
    env: LOCAL_PEOPLE_ENV,
  },
  'metrics-api/weekDecide': {
    events: (round) =>
      withSubmittedWeek(round, (week) =>
        httpEvent({
          method: 'POST',
          routeKey: 'POST /weeks/{week}/approve',
          path: `/weeks/${week}/approve`,
          pathParameters: { week },
          body: JSON.stringify({ engineer: field(authorizerOf(true).jwt.claims, 'sub'), comment: 'bench' }),
          signedIn: seededManager(),
        }),
      ),
    check: statusAnd(200, weekState('approved')),
  },
  'metrics-api/weekWithdraw': {
    // The round's week is approved by now (weekDecide ran): the engineer's withdraw reads the week
    // and is refused with 409, the path that needs no second submit in the round.
    events: (round) =>
      withSubmittedWeek(round, (week) =>
        httpEvent({
          method: 'POST',
          routeKey: 'POST /weeks/{week}/withdraw',
          path: `/weeks/${week}/withdraw`,
          pathParameters: { week },
          signedIn: true,
        }),
      ),
    check: statusIs(409),
  },
  'metrics-api/onReminderSchedule': {
    events: async (round) => {
      await forgetWeekReminders(
        round.emulators.dynamodbUrl,
        seededEngineers().map((person) => person.id),
      );
      return [scheduledEvent('metrics-api')];
    },
    // Every seeded engineer has work days without hours this week (they record nothing in the bench).
    check: (result) => {
      const reminded = field(result, 'reminded');
      const expected = seededEngineers().map((person) => person.email);
      return Array.isArray(reminded) && expected.every((email) => reminded.includes(email))
        ? undefined
        : `expected reminders to ${expected.join(', ')}, got ${JSON.stringify(result)}`;
    },
    env: LOCAL_PEOPLE_ENV,
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
  'approval-gateway/onReminderSchedule': {
    events: (round) => dueApproval(round),
    // A new link mailed to each approver of this round's approval (SES answered every send).
    check: (result) =>
      Number(field(result, 'reminded')) >= APPROVERS.length
        ? undefined
        : `expected reminders to ${APPROVERS.length} approvers, got ${JSON.stringify(result)}`,
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
  'metrics-api/weekGet': 'dynamodb_api',
  'metrics-api/weekSubmit': 'approval_notify',
  'metrics-api/weekList': 'dynamodb_api',
  'metrics-api/weekDecide': 'dynamodb_api',
  'metrics-api/weekWithdraw': 'dynamodb_api',
  'metrics-api/onReminderSchedule': 'approval_notify',
  'approval-gateway/onApprovalNotification': 'approval_notify',
  'approval-gateway/approvalPage': 'dynamodb_api',
  'approval-gateway/onReminderSchedule': 'approval_notify',
  'approval-gateway/approvalDecide': 'approval_notify',
  'pipeline-triggers/onCodeCommitPush': 'image_build',
  'pipeline-triggers/onGithubPush': 'image_build',
  'pipeline-triggers/onImageBuilt': 'image_built',
  'pipeline-triggers/twoPersonRule': 'two_person_rule',
  'image-pipeline-starter/imageBuildAction': 'image_build',
};
