import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoScalingClient, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { ImagebuilderClient, StartImagePipelineExecutionCommand } from '@aws-sdk/client-imagebuilder';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type AwsRecorder, startAwsRecorder } from '../../../test-support/aws-recorder';
import { type RunningServer, startDynamoDb } from '../../../test-support/dynamodb';
import { readInbox, startSes } from '../../../test-support/ses';
import { type Capture, startCapture } from '../capture';
import { RUNNER_DIR, runOnce } from '../runs';
import { buildSameWorkTwin, CALLS_VARIABLE } from '../same-work-twins';

// Real SDK clients send through the capture to the local stand-ins; the twin built from what was
// captured must send the same requests again.
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';
let dynamodb: RunningServer;
let ses: RunningServer;
let recorder: AwsRecorder;
let capture: Capture;
let dir: string;

beforeAll(async () => {
  dynamodb = await startDynamoDb({ port: 0 });
  ses = await startSes({ port: 0 });
  recorder = await startAwsRecorder();
  await new DynamoDBClient({ endpoint: dynamodb.url, region, credentials }).send(
    new CreateTableCommand({
      TableName: 'things',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  capture = await startCapture({
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
    AWS_ENDPOINT_URL_SES: ses.url,
    AWS_ENDPOINT_URL_SNS: recorder.url,
    AWS_ENDPOINT_URL_IMAGEBUILDER: recorder.url,
    AWS_ENDPOINT_URL_AUTO_SCALING: recorder.url,
  });
  dir = mkdtempSync(join(tmpdir(), 'same-work-'));
});

afterAll(async () => {
  await capture.close();
  await Promise.all([dynamodb.close(), ses.close(), recorder.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const through = (variable: string) => ({ endpoint: capture.endpoints[variable], region, credentials });

/** Runs a built twin once with the bench's runner, its calls going straight to the stand-ins. */
function replay(twin: { outfile: string; callsFile: string }) {
  return runOnce({
    command: process.execPath,
    args: [join(RUNNER_DIR, 'node-runner.cjs'), twin.outfile, 'handler'],
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_SES: ses.url,
      AWS_ENDPOINT_URL_SNS: recorder.url,
      AWS_ENDPOINT_URL_IMAGEBUILDER: recorder.url,
      AWS_ENDPOINT_URL_AUTO_SCALING: recorder.url,
      [CALLS_VARIABLE]: twin.callsFile,
    },
    events: [{}],
    eventsPath: join(dir, 'events.json'),
  });
}

describe('capturing a function’s AWS calls and making them again', () => {
  it('decodes every protocol back into the input the command was given, and the twin sends the same requests', async () => {
    const dynamo = new DynamoDBClient(through('AWS_ENDPOINT_URL_DYNAMODB'));
    const put = { TableName: 'things', Item: { id: { S: 'a' }, hours: { N: '1.5' } } };
    const get = { TableName: 'things', Key: { id: { S: 'a' } } };
    const query = {
      TableName: 'things',
      KeyConditionExpression: 'id = :id',
      ExpressionAttributeValues: { ':id': { S: 'a' } },
    };
    const email = {
      Source: 'runway@example.com',
      Destination: { ToAddresses: ['a@example.com', 'b@example.com'] },
      Message: { Subject: { Data: 'Week submitted' }, Body: { Text: { Data: 'Please review.' } } },
    };
    const publish = {
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      Message: 'image ready',
      MessageAttributes: { stage: { DataType: 'String', StringValue: 'qat' } },
    };
    const start = {
      imagePipelineArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/app',
      clientToken: 't-1',
    };
    const scale = {
      AutoScalingGroupName: 'runway-dev-app',
      LaunchTemplate: { LaunchTemplateName: 'app', Version: '$Latest' },
    };

    await dynamo.send(new PutItemCommand(put));
    const [got] = await Promise.all([dynamo.send(new GetItemCommand(get)), dynamo.send(new QueryCommand(query))]);
    expect(got.Item?.hours).toEqual({ N: '1.5' });
    await new SESClient(through('AWS_ENDPOINT_URL_SES')).send(new SendEmailCommand(email));
    await new SNSClient(through('AWS_ENDPOINT_URL_SNS')).send(new PublishCommand(publish));
    await new ImagebuilderClient(through('AWS_ENDPOINT_URL_IMAGEBUILDER')).send(
      new StartImagePipelineExecutionCommand(start),
    );
    await new AutoScalingClient(through('AWS_ENDPOINT_URL_AUTO_SCALING')).send(
      new UpdateAutoScalingGroupCommand(scale),
    );

    const calls = capture.take();
    expect(calls.map(({ operation, input }) => [operation, input])).toEqual([
      ['PutItem', put],
      expect.anything(),
      expect.anything(),
      ['SendEmail', email],
      ['Publish', publish],
      ['StartImagePipelineExecution', start],
      ['UpdateAutoScalingGroup', scale],
    ]);
    expect(calls.slice(1, 3).map(({ operation, input }) => [operation, input])).toEqual(
      expect.arrayContaining([
        ['GetItem', get],
        ['Query', query],
      ]),
    );

    const twin = await buildSameWorkTwin(calls, dir);
    const published = recorder.callsTo('Publish').length;
    const mails = (await readInbox(ses.url)).length;
    const outcome = await replay(twin);

    expect(outcome.error).toBeUndefined();
    expect(outcome.results).toEqual([{ calls: 7, refused: 0 }]);
    expect(recorder.callsTo('Publish')).toHaveLength(published + 1);
    expect(recorder.callsTo('Publish').at(-1)?.body).toEqual(recorder.callsTo('Publish').at(-2)?.body);
    expect(recorder.callsTo('StartImagePipelineExecution').at(-1)?.body).toEqual(start);
    const inbox = await readInbox(ses.url);
    expect(inbox).toHaveLength(mails + 1);
    const [original, again] = inbox
      .slice(-2)
      .map(({ from, destination, subject, body }) => ({ from, destination, subject, body }));
    expect(again).toEqual(original);
    expect(again?.subject).toBe('Week submitted');
  });

  it('counts a call the service refuses as made, as the function’s own capture run made it', async () => {
    const conditional = {
      TableName: 'things',
      Item: { id: { S: 'once' } },
      ConditionExpression: 'attribute_not_exists(id)',
    };
    await new DynamoDBClient(through('AWS_ENDPOINT_URL_DYNAMODB')).send(new PutItemCommand(conditional));
    const twin = await buildSameWorkTwin(capture.take(), dir);
    const outcome = await replay(twin);
    expect(outcome.results).toEqual([{ calls: 1, refused: 1 }]);
  });
});
