import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoPushAuthors } from '@shared/approvals/change-authors';
import type { AwsRecorder } from '../../../test-support/aws-recorder';
import { type RunningServer, startDynamoDb } from '../../../test-support/dynamodb';
import {
  EXECUTION_ID,
  JOB_ID,
  jobDetailsResponse,
  pipelineJob,
  pmoGatewayDecision,
  respondWithDirectoryAndCommit,
  sampleActionExecutions,
} from './support/fixtures';
import { loadIsolated, startRecordedAws, TEST_ENV } from './support/harness';

/**
 * The contract with approval-gateway, end to end: its audit items, stored in a
 * table shaped as the shared contract describes (index `byExecution`), read by
 * the real handler through listGatewayDecisions on a local DynamoDB.
 */
describe('twoPersonRule reading the approval audit from DynamoDB', () => {
  let recorder: AwsRecorder;
  let dynamodb: RunningServer;
  let documents: DynamoDBDocumentClient;
  let handler: typeof import('../src/handlers/two-person-rule').handler;

  beforeAll(async () => {
    recorder = await startRecordedAws();
    dynamodb = await startDynamoDb({ port: 0 });
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb.url;
    const client = new DynamoDBClient({ endpoint: dynamodb.url });
    await client.send(
      new CreateTableCommand({
        TableName: TEST_ENV.APPROVALS_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'executionId', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byExecution',
            KeySchema: [
              { AttributeName: 'executionId', KeyType: 'HASH' },
              { AttributeName: 'sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    // The pushes the push handlers keep (resources/source-authors.yml): the release commit's pusher.
    await client.send(
      new CreateTableCommand({
        TableName: TEST_ENV.SOURCE_AUTHORS_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'repository', AttributeType: 'S' },
          { AttributeName: 'commitId', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'repository', KeyType: 'HASH' },
          { AttributeName: 'commitId', KeyType: 'RANGE' },
        ],
      }),
    );
    documents = DynamoDBDocumentClient.from(client);
    await dynamoPushAuthors(documents, TEST_ENV.SOURCE_AUTHORS_TABLE).record(
      {
        repository: 'codecommit:runway-app',
        commitId: '5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f',
        identities: ['arn:aws:iam::123456789012:user/devon'],
      },
      new Date(),
    );
    ({ handler } = await loadIsolated(() => import('../src/handlers/two-person-rule')));
  });
  afterAll(async () => {
    await recorder.close();
    await dynamodb.close();
  });
  beforeEach(async () => {
    recorder.reset();
    recorder.respond('GetJobDetails', { body: jobDetailsResponse() });
    recorder.respond('ListActionExecutions', { body: { actionExecutionDetails: sampleActionExecutions() } });
    respondWithDirectoryAndCommit(recorder);
  });

  const put = (item: Record<string, unknown>) =>
    documents.send(new PutCommand({ TableName: TEST_ENV.APPROVALS_TABLE, Item: item }));

  it('credits the PMO approval to the person the gateway recorded, ignoring requests and refused decisions', async () => {
    const decision = pmoGatewayDecision();
    await put({ pk: `execution#${EXECUTION_ID}`, sk: 'request#pmo', executionId: EXECUTION_ID, recordType: 'request' });
    await put({
      ...decision,
      pk: `execution#${EXECUTION_ID}`,
      sk: 'decision#1',
      approver: 'jane.doe@example.com',
      recordType: 'decision',
      outcome: 'ApprovalAlreadyCompletedException',
    });
    await put({
      ...decision,
      pk: `execution#${EXECUTION_ID}`,
      sk: 'decision#2',
      recordType: 'decision',
      outcome: 'accepted',
    });

    await handler(pipelineJob());

    expect(recorder.callsTo('PutJobSuccessResult').map((call) => call.body)).toEqual([
      {
        jobId: JOB_ID,
        executionDetails: {
          summary:
            'Two-person rule met: QCApproval (qc) by Quinn Checker (quinn) via console, ' +
            'PMOApproval (pmo) by Pat Manager (pat) via approval gateway',
        },
      },
    ]);
  });
});
