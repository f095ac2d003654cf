import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadEvent } from '@test-support/events';
import { localStackEnv } from '@test-support/local-stack';
import type { SNSEvent } from 'aws-lambda';
import { codePipelineControl, type FakeApproval } from './codepipeline-fake';
import { readInbox, type StoredEmail } from './ses';

/** The stakeholders of the seeded directory (directory/default.yml), whom the sample approval asks. */
export const APPROVERS = ['release-approver@example.com', 'product-owner@example.com'] as const;

const env = localStackEnv;

export const gatewayUrl = () => env('RUNWAY_APPROVAL_GATEWAY_URL');
/** serverless-offline's Lambda Invoke API of approval-gateway. */
export const gatewayLambdaUrl = () => env('RUNWAY_APPROVAL_GATEWAY_LAMBDA_URL');
export const codePipeline = () => codePipelineControl(env('RUNWAY_CODEPIPELINE_CONTROL_URL'));
export const table = () => `runway-approval-gateway-${process.env.RUNWAY_STAGE ?? 'test'}-approvals`;

/** A pending approval as CodePipeline announces it, plus the execution it belongs to. */
export interface SampleApproval extends FakeApproval {
  expires: string;
  customData: string;
}

/** `2026-11-30T20:22Z`: CodePipeline's minute-precision format. */
function codePipelineTime(date: Date): string {
  return `${date.toISOString().slice(0, 16)}Z`;
}

/** The real sample notification with a fresh token and pipeline, expiring in 7 days unless told otherwise. */
export function sampleApproval(overrides: Partial<SampleApproval> = {}): SampleApproval {
  return {
    pipelineName: `runway-it-${randomUUID().slice(0, 8)}`,
    stageName: 'StakeholderApproval',
    actionName: 'ApproveRelease',
    token: randomUUID(),
    executionId: randomUUID(),
    expires: codePipelineTime(new Date(Date.now() + 7 * 24 * 3600 * 1000)),
    customData: '[role:stakeholder] Release 2.4.0 passed QAT. Approve to deploy to production.',
    revision: { commitId: '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f', message: 'Release 2.4.0: faster dashboards' },
    amiId: 'ami-0a1b2c3d4e5f67890',
    ...overrides,
  };
}

/** The SNS event CodePipeline would send for `approval`, built from test/events/sns/codepipeline-approval.json. */
export function snsEventFor(approval: SampleApproval): SNSEvent {
  const event = loadEvent<SNSEvent>('sns', 'codepipeline-approval');
  const record = event.Records[0];
  if (record === undefined) throw new Error('The sample SNS event has no record');
  const message = JSON.parse(record.Sns.Message) as { approval: Record<string, unknown> };
  message.approval = {
    ...message.approval,
    pipelineName: approval.pipelineName,
    stageName: approval.stageName,
    actionName: approval.actionName,
    token: approval.token,
    expires: approval.expires,
    customData: approval.customData,
  };
  record.Sns.Message = JSON.stringify(message);
  record.Sns.MessageId = randomUUID();
  return event;
}

/** Invokes the SNS-subscribed function through serverless-offline's Lambda Invoke API, as SNS would. */
export async function publish(event: SNSEvent): Promise<{ status: number; payload: unknown }> {
  const functionName = `runway-approval-gateway-${process.env.RUNWAY_STAGE ?? 'test'}-onApprovalNotification`;
  const response = await fetch(
    `${env('RUNWAY_APPROVAL_GATEWAY_LAMBDA_URL')}/2015-03-31/functions/${functionName}/invocations`,
    { method: 'POST', body: JSON.stringify(event) },
  );
  const text = await response.text();
  return { status: response.status, payload: text === '' ? undefined : JSON.parse(text) };
}

/** The emails about `pipelineName` in the local SES inbox, per recipient. */
export async function emailsAbout(pipelineName: string): Promise<StoredEmail[]> {
  return (await readInbox(env('RUNWAY_SES_URL'))).filter((email) => email.subject.includes(pipelineName));
}

/** The one review-page link of an email (from its text part). */
export function reviewLink(email: StoredEmail): string {
  const match = /Approve or reject here: (\S+)/.exec(email.body.text ?? '');
  if (!match?.[1]) throw new Error(`No review link in email "${email.subject}"`);
  return match[1];
}

export interface StartedApproval {
  approval: SampleApproval;
  emails: StoredEmail[];
  /** Each approver's own review-page link. */
  links: Record<(typeof APPROVERS)[number], string>;
}

/** Declares the approval in the CodePipeline fake, publishes its notification and returns the emails about it. */
export async function announceApproval(overrides: Partial<SampleApproval> = {}) {
  const approval = sampleApproval(overrides);
  await codePipeline().registerApproval(approval);
  const published = await publish(snsEventFor(approval));
  if (published.status !== 200) throw new Error(`Notification failed: ${JSON.stringify(published.payload)}`);
  const emails = (await emailsAbout(approval.pipelineName)).filter((email) =>
    email.subject.endsWith(`/ ${approval.stageName} / ${approval.actionName}`),
  );
  const linkFor = (approver: string) => {
    const email = emails.find((entry) => entry.destination.to.includes(approver));
    if (email === undefined) throw new Error(`No email to ${approver}`);
    return reviewLink(email);
  };
  return { approval, emails, linkFor };
}

/** The sample stakeholder approval, announced: the links mailed to both stakeholders. */
export async function startApproval(overrides: Partial<SampleApproval> = {}): Promise<StartedApproval> {
  const { approval, emails, linkFor } = await announceApproval(overrides);
  return { approval, emails, links: { [APPROVERS[0]]: linkFor(APPROVERS[0]), [APPROVERS[1]]: linkFor(APPROVERS[1]) } };
}

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
}

async function toPage(response: Response): Promise<PageResponse> {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export async function getPage(link: string, method: 'GET' | 'HEAD' = 'GET'): Promise<PageResponse> {
  return toPage(await fetch(link, { method, redirect: 'manual' }));
}

/** Posts the review form as a browser does from the page itself. */
export async function postDecision(
  link: string,
  fields: Record<string, string>,
  headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin', Origin: new URL(link).origin },
): Promise<PageResponse> {
  return toPage(
    await fetch(link, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

export async function putApprovalResultCalls(token: string) {
  return codePipeline().calls({ operation: 'PutApprovalResult', token });
}

let client: DynamoDBDocumentClient | undefined;
export function dynamo(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: env('RUNWAY_DYNAMODB_URL'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  return client;
}

export function closeDynamo(): void {
  client?.destroy();
  client = undefined;
}

/** Every item of one approval's partition (the approval and its audit trail), straight from DynamoDB. */
export async function approvalItems(approvalToken: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `approval#${approvalToken}` },
      ConsistentRead: true,
    }),
  );
  return Items;
}

export const auditItems = async (approvalToken: string) =>
  (await approvalItems(approvalToken)).filter((item) => item.recordType === 'decision');
