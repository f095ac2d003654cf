/**
 * `npm run demo:approval`: with `npm start` running, plays CodePipeline for a
 * manual approval. It declares a waiting approval to the local CodePipeline
 * fake, publishes the sample SNS notification
 * (test/events/sns/codepipeline-approval.json, with a fresh token and expiry)
 * to approval-gateway's SNS function through serverless-offline's Lambda
 * Invoke API, and prints the inbox URL: open an email, follow its link,
 * approve or reject. Same port variables as `npm start`.
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { loadEvent } from '../shared/test-support/events';
import { codePipelineControl } from './local/codepipeline-fake';
import { approvalGatewayDevPorts, DEV_STAGE } from './local/dev-ports';
import { readInbox } from './local/ses';

const FUNCTION_NAME = `runway-approval-gateway-${DEV_STAGE}-onApprovalNotification`;
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

interface ApprovalMessage {
  approval: { pipelineName: string; stageName: string; actionName: string; token: string; expires: string };
}

/** The sample notification, made new: CodePipeline issues a new token for every approval. */
function freshNotification(): { event: SNSEvent; message: ApprovalMessage } {
  const event = loadEvent<SNSEvent>('sns', 'codepipeline-approval');
  const record = event.Records[0];
  if (record === undefined) throw new Error('The sample SNS event has no record');
  const message = JSON.parse(record.Sns.Message) as ApprovalMessage;
  message.approval.token = randomUUID();
  message.approval.expires = `${new Date(Date.now() + SEVEN_DAYS_MS).toISOString().slice(0, 16)}Z`;
  record.Sns.Message = JSON.stringify(message);
  record.Sns.MessageId = randomUUID();
  record.Sns.Timestamp = new Date().toISOString();
  return { event, message };
}

async function assertStackIsUp(sesUrl: string): Promise<void> {
  try {
    await fetch(`${sesUrl}/health-check`);
  } catch {
    console.error(`No local SES at ${sesUrl}: start the local stack first with \`npm start\` (in another terminal).`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const ports = approvalGatewayDevPorts();
  const sesUrl = `http://127.0.0.1:${ports.ses}`;
  await assertStackIsUp(sesUrl);
  const startedAt = Math.floor(Date.now() / 1000);
  const { event, message } = freshNotification();
  const { approval } = message;

  await codePipelineControl(`http://127.0.0.1:${ports.codePipelineControl}`).registerApproval({
    pipelineName: approval.pipelineName,
    stageName: approval.stageName,
    actionName: approval.actionName,
    token: approval.token,
    executionId: randomUUID(),
  });
  const response = await fetch(
    `http://127.0.0.1:${ports.approvalGatewayLambda}/2015-03-31/functions/${FUNCTION_NAME}/invocations`,
    { method: 'POST', body: JSON.stringify(event) },
  );
  const result = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error')) {
    throw new Error(`The notification function failed (${response.status}): ${result}`);
  }

  const emails = (await readInbox(sesUrl)).filter((email) => email.at >= startedAt);
  console.log(
    [
      `Published the approval of ${approval.pipelineName} / ${approval.stageName} / ${approval.actionName}.`,
      `${emails.length} email(s) sent: ${emails.map((email) => email.destination.to.join(', ')).join('; ')}`,
      '',
      `Open the inbox: ${sesUrl}`,
      '',
      'Follow an email link, then approve or reject. What CodePipeline received:',
      `  curl -s 'http://127.0.0.1:${ports.codePipelineControl}/calls?operation=PutApprovalResult&token=${approval.token}'`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
