import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  auditItem,
  commitBy,
  jobDetailsResponse,
  pmoGatewayDecision,
  sampleActionExecutions,
} from '../../services/pipeline-triggers/test/support/fixtures';
import { codeCommitRepositoryKey, dynamoPushAuthors } from '../../shared/src/approvals/change-authors';
import { directoryParameterName, directoryParameterValue } from '../../test-support/approver-directory';
import type { AwsRecorder } from '../../test-support/aws-recorder';
import { codePipelineControl, startCodePipelineFake } from '../../test-support/codepipeline-fake';
import { type RunningServer, startDynamoDb } from '../../test-support/dynamodb';
import { startSes } from '../../test-support/ses';
import { createTables } from '../local/tables';

/** The stage the bench packages and whose table names the functions' environment carries. */
export const BENCH_STAGE = 'dev';
export const APPROVALS_TABLE = `runway-approval-gateway-${BENCH_STAGE}-approvals`;
export const WEEKS_TABLE = `runway-metrics-api-${BENCH_STAGE}-weeks`;
export const GATEWAY_ROLE_PREFIX = `runway-approval-gateway-${BENCH_STAGE}-`;
export const GITHUB_SECRET_PARAMETER = `/runway/${BENCH_STAGE}/github-webhook-secret`;
/** The production AMI pipeline of the bench stage: the only pipeline the packaged rule accepts. */
export const BENCH_PIPELINE = `runway-${BENCH_STAGE}-ami-production`;
export const IMAGE_BUILD_VERSION_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-dev-app-qat/1.0.0/3';

export interface Emulators {
  dynamodbUrl: string;
  sesUrl: string;
  /** CodePipeline fake (approvals) with canned answers for every other recorded service. */
  recorder: AwsRecorder;
  control: ReturnType<typeof codePipelineControl>;
  /** AWS_ENDPOINT_URL_* for a function under test. */
  endpoints: Record<string, string>;
  close(): Promise<void>;
}

/** The sample executions with the PMO approval made through this stage's gateway role. */
export function benchActionExecutions() {
  return sampleActionExecutions().map((run) => ({
    ...run,
    updatedBy: run.updatedBy?.replace('runway-approval-gateway-prod-', GATEWAY_ROLE_PREFIX),
  }));
}

function cannedAnswers(recorder: AwsRecorder, githubSecret: string): void {
  const directory = directoryParameterValue();
  // The webhook secret, and the approver directory both services read (directory/default.yml).
  recorder.respond('GetParameter', (call) =>
    call.body.Name === directoryParameterName(BENCH_STAGE)
      ? { body: { Parameter: { Name: call.body.Name, Type: 'String', Value: directory, Version: 1 } } }
      : {
          body: { Parameter: { Name: GITHUB_SECRET_PARAMETER, Type: 'SecureString', Value: githubSecret, Version: 1 } },
        },
  );
  recorder.respond('GetCommit', { body: commitBy('devon@example.com') });
  recorder.respond('StartImagePipelineExecution', {
    body: { requestId: 'bench', clientToken: 'bench', imageBuildVersionArn: IMAGE_BUILD_VERSION_ARN },
  });
  recorder.respond('StartPipelineExecution', { body: { pipelineExecutionId: 'bench-execution' } });
  const jobDetails = jobDetailsResponse();
  jobDetails.jobDetails.data.pipelineContext.pipelineName = BENCH_PIPELINE;
  recorder.respond('GetJobDetails', { body: jobDetails });
  recorder.respond('ListActionExecutions', { body: { actionExecutionDetails: benchActionExecutions() } });
}

/**
 * dynalite with the `dev` tables of every service that has some, aws-ses-v2-local, and the
 * CodePipeline fake whose recorder also answers Image Builder, SSM and SNS.
 */
export async function startEmulators(githubSecret: string): Promise<Emulators> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const dynamodb: RunningServer = await startDynamoDb({ port: 0 });
    closers.push(() => dynamodb.close());
    const ses = await startSes({ port: 0 });
    closers.push(() => ses.close());
    const fake = await startCodePipelineFake({ api: 0, control: 0 });
    closers.push(() => fake.close());
    await createTables('metrics-api', BENCH_STAGE, dynamodb.url);
    await createTables('approval-gateway', BENCH_STAGE, dynamodb.url);
    // The push handlers keep each push's authors for the two-person rule.
    await createTables('pipeline-triggers', BENCH_STAGE, dynamodb.url);
    cannedAnswers(fake.recorder, githubSecret);
    await seedAudit(dynamodb.url);
    await seedPush(dynamodb.url);
    return {
      dynamodbUrl: dynamodb.url,
      sesUrl: ses.url,
      recorder: fake.recorder,
      control: codePipelineControl(fake.controlUrl),
      endpoints: {
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
        AWS_ENDPOINT_URL_SES: ses.url,
        AWS_ENDPOINT_URL_CODEPIPELINE: fake.url,
        AWS_ENDPOINT_URL_IMAGEBUILDER: fake.url,
        AWS_ENDPOINT_URL_SSM: fake.url,
        AWS_ENDPOINT_URL_SNS: fake.url,
        AWS_ENDPOINT_URL_CODECOMMIT: fake.url,
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function localClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

/**
 * Makes a pending approval look asked `hours` ago, as the gateway's reminder test does, so that the
 * reminder schedule finds its approvers due (the store keeps the request time as `createdAt`).
 */
export async function backdateApproval(endpoint: string, approvalToken: string, hours: number): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(
      new UpdateCommand({
        TableName: APPROVALS_TABLE,
        Key: { pk: `approval#${approvalToken}`, sk: 'approval' },
        UpdateExpression: 'SET createdAt = :then',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':then': new Date(Date.now() - hours * 3600 * 1000).toISOString() },
      }),
    );
  } finally {
    client.destroy();
  }
}

/**
 * Forgets that these engineers were reminded about any week: the weekly reminder sends one email
 * per engineer and week, so without this only the first round of a bench run would mail anyone.
 */
export async function forgetWeekReminders(endpoint: string, engineerIds: readonly string[]): Promise<void> {
  const client = localClient(endpoint);
  try {
    for (const engineerId of engineerIds) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: WEEKS_TABLE,
          KeyConditionExpression: 'engineerId = :engineerId',
          FilterExpression: 'attribute_exists(remindedAt)',
          ExpressionAttributeValues: { ':engineerId': engineerId },
        }),
      );
      for (const item of Items) {
        await client.send(
          new UpdateCommand({
            TableName: WEEKS_TABLE,
            Key: { engineerId, week: item.week },
            UpdateExpression: 'REMOVE remindedAt',
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
}

/** The gateway's accepted PMO decision that the two-person rule reads from approval-gateway's table. */
/** The recorded push of the sample release commit (Devon pushed it to CodeCommit), which the rule requires. */
async function seedPush(endpoint: string): Promise<void> {
  const client = localClient(endpoint);
  await dynamoPushAuthors(client, `runway-pipeline-triggers-${BENCH_STAGE}-push-authors`).record(
    {
      repository: codeCommitRepositoryKey('runway-app'),
      commitId: commitBy('devon@example.com').commit.commitId,
      identities: ['arn:aws:iam::123456789012:user/devon'],
    },
    new Date(),
  );
  client.destroy();
}

async function seedAudit(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new PutItemCommand({
      TableName: APPROVALS_TABLE,
      Item: auditItem({ ...pmoGatewayDecision(), pipelineName: BENCH_PIPELINE }),
    }),
  );
  client.destroy();
}
