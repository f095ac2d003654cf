/**
 * `npm run demo:approval [-- --auto]`: with `npm start` running, plays CodePipeline for one
 * production release through its two approvals, as pipeline-triggers' AMI pipeline asks them:
 * QCApproval (role qc) and then PMOApproval (role pmo), then the two-person rule.
 *
 * For each approval it declares the waiting action to the local CodePipeline fake, publishes
 * CodePipeline's SNS notification (test/events/sns/codepipeline-approval.json, with a fresh
 * token) to approval-gateway's function, and shows who was mailed: only that role's people of
 * directory/default.yml. Then it waits until the approval is decided — open the inbox, open the
 * email of Quinn Checker (qc.lead@example.com) for QC and of Pat Manager (pmo.lead@example.com)
 * for PMO, and approve — or, with `--auto`, posts the two approvals itself. Finally it runs the
 * real twoPersonRule handler over the execution and prints its verdict. Same port variables as
 * `npm start`.
 *
 * Along the way it sends metrics-api's delivery recorder the events CodePipeline would put on
 * EventBridge (the execution's start, its Build and DeployQAT stages, then DeployProduction and the
 * end); the local CodePipeline fake announces the approval actions itself. The release then shows in
 * GET /delivery/metrics and /delivery/releases (docs/delivery-metrics.md).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { SNSEvent } from 'aws-lambda';
import { codePipelineControl, type FakeApproval } from '../test-support/codepipeline-fake';
import { type DeliveryEvent, executionEvent, sendDeliveryEvent, stageEvent } from '../test-support/delivery-events';
import { loadEvent } from '../test-support/events';
import { portFromEnv } from '../test-support/ports';
import { readInbox, type StoredEmail } from '../test-support/ses';
import { pushToCodeCommit, runTwoPersonRule } from '../test-support/two-person-rule-local';
import { approvalGatewayDevPorts, DEV_STAGE } from './local/dev-ports';

// The rule runs in this process: its log lines stay out of the demo's output unless asked for.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const FUNCTION_NAME = `runway-approval-gateway-${DEV_STAGE}-onApprovalNotification`;
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;
const WAIT_LIMIT_MS = 30 * 60 * 1000;

/** The two seeded people of directory/default.yml who answer the two approvals. */
const STEPS = [
  { actionName: 'QCApproval', role: 'qc', who: 'QC', approver: 'qc.lead@example.com', name: 'Quinn Checker' },
  { actionName: 'PMOApproval', role: 'pmo', who: 'PMO', approver: 'pmo.lead@example.com', name: 'Pat Manager' },
] as const;

const { values: options } = parseArgs({ options: { auto: { type: 'boolean', default: false } } });
const ports = approvalGatewayDevPorts();
const urls = {
  ses: `http://127.0.0.1:${ports.ses}`,
  lambda: `http://127.0.0.1:${ports.approvalGatewayLambda}`,
  codePipeline: `http://127.0.0.1:${ports.codePipeline}`,
  control: `http://127.0.0.1:${ports.codePipelineControl}`,
  dynamodb: `http://127.0.0.1:${portFromEnv('RUNWAY_DYNAMODB_PORT', 8000)}`,
  metricsApiLambda: `http://127.0.0.1:${portFromEnv('METRICS_API_LAMBDA_PORT', 3002)}`,
};

/** Tells metrics-api's delivery recorder what CodePipeline would announce (serverless-offline has no EventBridge). */
async function announce(...events: DeliveryEvent[]): Promise<void> {
  for (const event of events) await sendDeliveryEvent(urls.metricsApiLambda, DEV_STAGE, event);
}
const control = codePipelineControl(urls.control);

/** CodePipeline's notification for `approval`: the sample event with this approval's fields. */
function notificationFor(approval: FakeApproval & { customData: string }): SNSEvent {
  const event = loadEvent<SNSEvent>('sns', 'codepipeline-approval');
  const record = event.Records[0];
  if (record === undefined) throw new Error('The sample SNS event has no record');
  const message = JSON.parse(record.Sns.Message) as { approval: Record<string, unknown> };
  Object.assign(message.approval, {
    pipelineName: approval.pipelineName,
    stageName: approval.stageName,
    actionName: approval.actionName,
    token: approval.token,
    customData: approval.customData,
    expires: `${new Date(Date.now() + SEVEN_DAYS_MS).toISOString().slice(0, 16)}Z`,
  });
  record.Sns.Message = JSON.stringify(message);
  record.Sns.MessageId = randomUUID();
  record.Sns.Timestamp = new Date().toISOString();
  return event;
}

async function assertStackIsUp(): Promise<void> {
  try {
    await fetch(`${urls.ses}/health-check`);
  } catch {
    console.error(`No local SES at ${urls.ses}: start the local stack first with \`npm start\` (in another terminal).`);
    process.exit(1);
  }
}

async function publish(event: SNSEvent): Promise<void> {
  const response = await fetch(`${urls.lambda}/2015-03-31/functions/${FUNCTION_NAME}/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  });
  const result = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error')) {
    throw new Error(`The notification function failed (${response.status}): ${result}`);
  }
}

const linkIn = (email: StoredEmail) => /Approve or reject here: (\S+)/.exec(email.body.text ?? '')?.[1];

/** Waits until CodePipeline (the fake) received a decision for `token`; returns its status. */
async function decisionFor(token: string, link: string, approver: string): Promise<string> {
  if (options.auto) {
    await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ decision: 'approve', comment: `Approved by the demo for ${approver}` }),
    });
  }
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (Date.now() < deadline) {
    const calls = await control.calls({ operation: 'PutApprovalResult', token });
    const status = (calls.at(-1)?.body.result as { status?: string } | undefined)?.status;
    if (status) return status;
    await sleep(1000);
  }
  throw new Error('No decision within 30 minutes');
}

async function main(): Promise<void> {
  await assertStackIsUp();
  const release = {
    pipelineName: `runway-${DEV_STAGE}-ami-production`,
    executionId: randomUUID(),
    stageName: 'Approval',
    revision: {
      commitId: randomBytes(20).toString('hex'),
      message: 'Release 2.5.0: faster dashboards',
      author: 'devon@example.com',
      // Pushed 40 minutes ago: the QAT pipeline and the image build ran since (the lead time starts here).
      committedAt: new Date(Date.now() - 40 * 60_000).toISOString(),
    },
    amiId: `ami-${randomBytes(8).toString('hex').slice(0, 17)}`,
  };
  console.log(
    `Release ${release.revision.commitId.slice(0, 12)} (AMI ${release.amiId}), execution ${release.executionId}.`,
  );
  console.log(`Inbox: ${urls.ses}\n`);
  const stack = {
    stage: DEV_STAGE,
    codePipelineUrl: urls.codePipeline,
    controlUrl: urls.control,
    dynamodbUrl: urls.dynamodb,
  };
  const on = { pipeline: release.pipelineName, executionId: release.executionId };
  // What GetPipelineExecution answers the delivery recorder from the first event on: the commit's time.
  await control.declareExecution({
    pipelineName: release.pipelineName,
    executionId: release.executionId,
    revision: release.revision,
  });
  await announce(
    executionEvent({ ...on, state: 'STARTED' }),
    stageEvent({ ...on, stage: 'Build', state: 'SUCCEEDED' }),
    stageEvent({ ...on, stage: 'DeployQAT', state: 'SUCCEEDED' }),
  );
  // Devon (IAM user devon) pushed the release commit: onCodeCommitPush keeps who pushed.
  await pushToCodeCommit(stack, {
    commitId: release.revision.commitId,
    pusherArn: 'arn:aws:iam::123456789012:user/devon',
  });

  for (const step of STEPS) {
    const since = Math.floor(Date.now() / 1000);
    const approval = {
      ...release,
      actionName: step.actionName,
      token: randomUUID(),
      customData: `[role:${step.role}] ${step.who}: the release of AMI ${release.amiId} runs on the QAT fleet; approve to send it to production.`,
    };
    await control.registerApproval(approval);
    await publish(notificationFor(approval));
    const emails = (await readInbox(urls.ses)).filter(
      (email) => email.at >= since && email.subject.endsWith(`/ ${approval.stageName} / ${step.actionName}`),
    );
    const mine = emails.find((email) => email.destination.to.includes(step.approver));
    const link = mine && linkIn(mine);
    if (!link) throw new Error(`No email reached ${step.approver}`);
    console.log(
      `${step.actionName} asks role ${step.role}: mailed ${emails.map((email) => email.destination.to.join(', ')).join('; ')}.`,
    );
    console.log(
      options.auto
        ? `  Approving as ${step.name} (${step.approver})...`
        : `  Open ${step.name}'s email (${step.approver}) in the inbox and approve — or open ${link}`,
    );
    const status = await decisionFor(approval.token, link, step.approver);
    console.log(`  CodePipeline received: ${status}.\n`);
    if (status !== 'Approved') {
      await announce(
        stageEvent({ ...on, stage: 'Approval', state: 'FAILED' }),
        executionEvent({ ...on, state: 'FAILED' }),
      );
      console.log('Rejected: the pipeline stops here.');
      return;
    }
  }

  const verdict = await runTwoPersonRule({
    ...stack,
    pipelineName: release.pipelineName,
    executionId: release.executionId,
  });
  console.log(`Two-person rule: ${verdict.result}\n  ${verdict.message ?? ''}`);
  const passed = verdict.result === 'success';
  await announce(
    stageEvent({ ...on, stage: 'Approval', state: passed ? 'SUCCEEDED' : 'FAILED' }),
    ...(passed
      ? [
          stageEvent({ ...on, stage: 'DeployProduction', state: 'STARTED' }),
          stageEvent({ ...on, stage: 'DeployProduction', state: 'SUCCEEDED' }),
        ]
      : []),
    executionEvent({ ...on, state: passed ? 'SUCCEEDED' : 'FAILED' }),
  );
  console.log(
    passed
      ? `Deployed to production: the release counts in the delivery metrics (GET /delivery/releases).`
      : 'Not deployed: the execution failed before production.',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
