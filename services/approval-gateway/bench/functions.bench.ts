/** The bench's representative invocation of each approval-gateway function (run by `npm run bench`). */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import {
  BENCH_STAGE,
  called,
  documentClient,
  field,
  httpEvent,
  oneProcessed,
  type Round,
  readInbox,
  type ServiceBench,
  scheduledEvent,
  statusIs,
} from '../../../scripts/bench/workload';
import { APPROVERS, type SampleApproval, sampleApproval, snsEventFor } from '../../../test-support/approval-gateway';

const APPROVALS_TABLE = `runway-approval-gateway-${BENCH_STAGE}-approvals`;

/** A new pending approval in the CodePipeline fake, announced by SNS: what this round's pages and decision work on. */
async function registeredApproval(round: Round): Promise<SNSEvent> {
  const approval = sampleApproval({ pipelineName: `runway-bench-${round.index}-${randomUUID().slice(0, 8)}` });
  await round.emulators.control.registerApproval(approval);
  round.kept.approval = approval;
  return snsEventFor(approval);
}

function approvalOf(round: Round): SampleApproval {
  const approval = round.kept.approval as SampleApproval | undefined;
  if (approval === undefined) throw new Error('onApprovalNotification did not run in this round');
  return approval;
}

/** The review links mailed for this round's approval, one per approver. */
async function collectLinks(round: Round): Promise<void> {
  const { pipelineName } = approvalOf(round);
  const emails = (await readInbox(round.emulators.sesUrl)).filter((email) => email.subject.includes(pipelineName));
  round.kept.linkTokens = emails.map((email) => {
    const match = /\/approvals\/([A-Za-z0-9_-]{43})/.exec(email.body.text ?? '');
    if (!match?.[1]) throw new Error(`No review link in the email "${email.subject}"`);
    return match[1];
  });
}

function linkToken(round: Round, index: number): string {
  const token = (round.kept.linkTokens as string[] | undefined)?.[index];
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

/**
 * This round's approval made to look asked a day and an hour ago, as the gateway's reminder test does
 * (the store keeps the request time as `createdAt`): the reminder schedule owes its approvers a reminder.
 */
async function dueApproval(round: Round): Promise<unknown[]> {
  const client = documentClient(round.emulators);
  try {
    await client.send(
      new UpdateCommand({
        TableName: APPROVALS_TABLE,
        Key: { pk: `approval#${approvalOf(round).token}`, sk: 'approval' },
        UpdateExpression: 'SET createdAt = :then',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':then': new Date(Date.now() - 25 * 3600 * 1000).toISOString() },
      }),
    );
  } finally {
    client.destroy();
  }
  return [scheduledEvent('approval-gateway')];
}

export const bench: ServiceBench = {
  workloads: {
    onApprovalNotification: {
      events: async (round) => [await registeredApproval(round)],
      check: called('GetPipelineState', oneProcessed),
      after: (_result, round) => collectLinks(round),
      peer: 'approval_notify',
    },
    approvalPage: {
      events: (round) => [approvalRequest('GET', linkToken(round, 1))],
      check: statusIs(200),
      peer: 'dynamodb_api',
    },
    onReminderSchedule: {
      events: (round) => dueApproval(round),
      // A new link mailed to each approver of this round's approval (SES answered every send).
      check: (result) =>
        Number(field(result, 'reminded')) >= APPROVERS.length
          ? undefined
          : `expected reminders to ${APPROVERS.length} approvers, got ${JSON.stringify(result)}`,
      peer: 'approval_notify',
    },
    approvalDecide: {
      events: (round) => [approvalRequest('POST', linkToken(round, 0), 'decision=approve&comment=bench')],
      check: called('PutApprovalResult', statusIs(200)),
      peer: 'approval_notify',
    },
  },
  peers: {
    approval_notify: {
      envOf: 'onApprovalNotification',
      does: 'SNS approval: CodePipeline get_pipeline_state, DynamoDB put_item ×3, SES send_email ×2',
      workload: {
        events: async (round) => [await registeredApproval({ ...round, kept: {} })],
        check: called('GetPipelineState', (result) =>
          field(result, 'sent') === 2 ? undefined : `expected 2 emails, got ${JSON.stringify(result)}`,
        ),
      },
    },
  },
};
