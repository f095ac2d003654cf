import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type Stack,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsStandin, startAwsStandin } from '../server';

// Real SDK v3 clients, pointed at the stand-in the way the framework is: AWS_ENDPOINT_URL.
let standin: AwsStandin;
let cloudFormation: CloudFormationClient;
let s3: S3Client;

beforeAll(async () => {
  standin = await startAwsStandin();
  process.env.AWS_ENDPOINT_URL = standin.url;
  cloudFormation = new CloudFormationClient({});
  s3 = new S3Client({});
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await standin.close();
});

let stackCount = 0;
const uniqueName = (prefix: string) => `${prefix}-${++stackCount}-${Date.now()}`;

const template = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources, ...extra });

const describe1 = async (stackName: string): Promise<Stack> => {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = Stacks?.[0];
  if (!stack) throw new Error(`no stack ${stackName}`);
  return stack;
};

const outputsOf = (stack: Stack) =>
  Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));

const eventsOf = async (stackName: string) =>
  (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected AWS to refuse');
    },
    (error: Error) => ({ name: error.name, message: error.message }),
  );

test('STS names the stand-in account', async () => {
  const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));

  expect(identity.Account).toBe('123456789012');
});

test('outputs resolve Ref, GetAtt, Sub, Join, Select, ImportValue and pseudo parameters to plausible values', async () => {
  const exporter = uniqueName('exporter');
  await cloudFormation.send(
    new CreateStackCommand({
      StackName: exporter,
      TemplateBody: template(
        { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: `${exporter}-events` } } },
        { Outputs: { TopicArn: { Value: { Ref: 'Topic' }, Export: { Name: `${exporter}-topic` } } } },
      ),
    }),
  );
  const consumer = uniqueName('consumer');

  await cloudFormation.send(
    new CreateStackCommand({
      StackName: consumer,
      Parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }],
      TemplateBody: template(
        {
          Table: {
            Type: 'AWS::DynamoDB::Table',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own ${} syntax
            Properties: { TableName: { 'Fn::Sub': '${AWS::StackName}-${Stage}-items' } },
          },
          Queue: { Type: 'AWS::SQS::Queue' },
        },
        {
          Parameters: { Stage: { Type: 'String' }, Zones: { Type: 'CommaDelimitedList', Default: 'a,b' } },
          Outputs: {
            TableName: { Value: { Ref: 'Table' } },
            TableArn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] } },
            QueueArn: { Value: { 'Fn::GetAtt': 'Queue.Arn' } },
            Joined: { Value: { 'Fn::Join': ['/', [{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }]] } },
            SecondZone: { Value: { 'Fn::Select': [1, { Ref: 'Zones' }] } },
            Imported: { Value: { 'Fn::ImportValue': `${exporter}-topic` } },
          },
        },
      ),
    }),
  );

  const stack = await describe1(consumer);
  expect(stack.StackStatus).toBe('CREATE_COMPLETE');
  expect(outputsOf(stack)).toEqual({
    TableName: `${consumer}-dev-items`,
    TableArn: `arn:aws:dynamodb:us-east-1:123456789012:table/${consumer}-dev-items`,
    QueueArn: expect.stringMatching(new RegExp(`^arn:aws:sqs:us-east-1:123456789012:${consumer}-Queue-[A-Z0-9]{12}$`)),
    Joined: 'us-east-1/123456789012',
    SecondZone: 'b',
    Imported: `arn:aws:sns:us-east-1:123456789012:${exporter}-events`,
  });
});

test("a stack's bucket is a bucket S3 answers for, and a TemplateURL naming an object in it is read", async () => {
  const stackName = uniqueName('bucket');
  await cloudFormation.send(
    new CreateStackCommand({ StackName: stackName, TemplateBody: template({ Bucket: { Type: 'AWS::S3::Bucket' } }) }),
  );
  const { StackResourceDetail } = await cloudFormation.send(
    new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: 'Bucket' }),
  );
  const bucket = StackResourceDetail?.PhysicalResourceId ?? '';
  const updated = template({ Bucket: { Type: 'AWS::S3::Bucket' }, Topic: { Type: 'AWS::SNS::Topic' } });

  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'templates/updated.json', Body: updated }));
  await cloudFormation.send(
    new UpdateStackCommand({
      StackName: stackName,
      TemplateURL: `https://s3.amazonaws.com/${bucket}/templates/updated.json`,
    }),
  );

  expect(bucket).toMatch(new RegExp(`^${stackName}-bucket-[a-z0-9]{12}$`));
  expect((await describe1(stackName)).StackStatus).toBe('UPDATE_COMPLETE');
  const { TemplateBody } = await cloudFormation.send(new GetTemplateCommand({ StackName: stackName }));
  expect(TemplateBody).toBe(updated);
});

test("a stack's SSM parameter is readable while the stack lives, then ParameterNotFound", async () => {
  const stackName = uniqueName('parameter');
  const name = `/runway/${stackName}/directory`;
  const ssm = new SSMClient({});
  await cloudFormation.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: template({
        Directory: {
          Type: 'AWS::SSM::Parameter',
          Properties: { Name: name, Type: 'String', Value: '{"approvers":[]}' },
        },
      }),
    }),
  );

  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
  await cloudFormation.send(new DeleteStackCommand({ StackName: stackName }));
  const refusal = await refusalOf(ssm.send(new GetParameterCommand({ Name: name })));

  expect(Parameter?.Value).toBe('{"approvers":[]}');
  expect(refusal.name).toBe('ParameterNotFound');
});

test('a change set lists its changes, executes to UPDATE_COMPLETE, and an unchanged one fails as "no changes"', async () => {
  const stackName = uniqueName('changes');
  const changeSet = (body: string, name: string) =>
    cloudFormation.send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: name,
        TemplateBody: body,
        ChangeSetType: 'UPDATE',
      }),
    );
  const first = template({ Topic: { Type: 'AWS::SNS::Topic' } });
  const second = template({
    Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'runway' } },
    Queue: { Type: 'AWS::SQS::Queue' },
  });
  await cloudFormation.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: 'create',
      TemplateBody: first,
      ChangeSetType: 'CREATE',
    }),
  );
  await cloudFormation.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: 'create' }));

  await changeSet(second, 'update');
  const described = await cloudFormation.send(
    new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: 'update' }),
  );
  await cloudFormation.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: 'update' }));
  await changeSet(second, 'again');
  const empty = await cloudFormation.send(
    new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: 'again' }),
  );

  expect(
    described.Changes?.map((change) => [change.ResourceChange?.Action, change.ResourceChange?.LogicalResourceId]),
  ).toEqual([
    ['Modify', 'Topic'],
    ['Add', 'Queue'],
  ]);
  expect((await describe1(stackName)).StackStatus).toBe('UPDATE_COMPLETE');
  expect(empty.Status).toBe('FAILED');
  expect(empty.StatusReason).toContain("The submitted information didn't contain changes.");
});

describe('refusals, as CloudFormation words them', () => {
  test('CreateStack of a name that exists: AlreadyExistsException', async () => {
    const stackName = uniqueName('twice');
    const body = template({ Topic: { Type: 'AWS::SNS::Topic' } });
    await cloudFormation.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body }));

    const refusal = await refusalOf(
      cloudFormation.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body })),
    );

    expect(refusal).toEqual({ name: 'AlreadyExistsException', message: `Stack [${stackName}] already exists` });
  });

  test('IAM resources without CAPABILITY_IAM, named ones without CAPABILITY_NAMED_IAM: InsufficientCapabilitiesException', async () => {
    const role = (properties: Record<string, unknown>) =>
      template({ Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, ...properties } } });

    const unnamed = await refusalOf(
      cloudFormation.send(new CreateStackCommand({ StackName: uniqueName('iam'), TemplateBody: role({}) })),
    );
    const named = await refusalOf(
      cloudFormation.send(
        new CreateStackCommand({
          StackName: uniqueName('iam'),
          TemplateBody: role({ RoleName: 'runway-named' }),
          Capabilities: ['CAPABILITY_IAM'],
        }),
      ),
    );

    expect(unnamed).toEqual({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_IAM]',
    });
    expect(named).toEqual({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    });
  });

  test('a TemplateBody over 51,200 bytes and a TemplateURL object over 1 MB: ValidationError', async () => {
    const padded = (bytes: number) =>
      template({ Topic: { Type: 'AWS::SNS::Topic', Metadata: { padding: 'x'.repeat(bytes) } } });
    const holder = uniqueName('holder');
    await cloudFormation.send(
      new CreateStackCommand({ StackName: holder, TemplateBody: template({ Bucket: { Type: 'AWS::S3::Bucket' } }) }),
    );
    const { StackResourceDetail } = await cloudFormation.send(
      new DescribeStackResourceCommand({ StackName: holder, LogicalResourceId: 'Bucket' }),
    );
    const bucket = StackResourceDetail?.PhysicalResourceId;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.json', Body: padded(1_100_000) }));

    const body = await refusalOf(cloudFormation.send(new ValidateTemplateCommand({ TemplateBody: padded(52_000) })));
    const url = await refusalOf(
      cloudFormation.send(
        new CreateStackCommand({
          StackName: uniqueName('big'),
          TemplateURL: `https://s3.amazonaws.com/${bucket}/big.json`,
        }),
      ),
    );

    expect(body.name).toBe('ValidationError');
    expect(body.message).toMatch(
      /at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200$/,
    );
    expect(url).toEqual({ name: 'ValidationError', message: 'Template may not exceed 1048576 bytes in size.' });
  });

  test.each([
    [
      'a DynamoDB table with DeletionProtectionEnabled',
      { Type: 'AWS::DynamoDB::Table', Properties: { DeletionProtectionEnabled: true } },
      'Resource cannot be deleted as it is currently protected against deletion',
    ],
    [
      'an RDS instance with DeletionProtection',
      { Type: 'AWS::RDS::DBInstance', Properties: { DeletionProtection: true, Engine: 'postgres' } },
      'Cannot delete protected DB Instance',
    ],
    [
      'a load balancer with deletion_protection.enabled',
      {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] },
      },
      'cannot be deleted because deletion protection is enabled',
    ],
  ])('DeleteStack holding %s ends DELETE_FAILED, the event naming the resource', async (_what, resource, reason) => {
    const stackName = uniqueName('protected');
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateBody: template({ Protected: resource, Topic: { Type: 'AWS::SNS::Topic' } }),
      }),
    );

    await cloudFormation.send(new DeleteStackCommand({ StackName: stackName }));

    const stack = await describe1(stackName);
    expect(stack.StackStatus).toBe('DELETE_FAILED');
    expect(stack.StackStatusReason).toBe('The following resource(s) failed to delete: [Protected]. ');
    const failed = (await eventsOf(stackName)).find(
      (event) => event.ResourceStatus === 'DELETE_FAILED' && event.LogicalResourceId === 'Protected',
    );
    expect(failed?.ResourceStatusReason).toContain(reason);
  });

  test('DeleteStack of a bucket (not retained) that still holds objects: DELETE_FAILED, BucketNotEmpty', async () => {
    const stackName = uniqueName('full');
    await cloudFormation.send(
      new CreateStackCommand({ StackName: stackName, TemplateBody: template({ Bucket: { Type: 'AWS::S3::Bucket' } }) }),
    );
    const { StackResourceDetail } = await cloudFormation.send(
      new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: 'Bucket' }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: StackResourceDetail?.PhysicalResourceId,
        Key: 'index.html',
        Body: '<html></html>',
      }),
    );

    await cloudFormation.send(new DeleteStackCommand({ StackName: stackName }));

    expect((await describe1(stackName)).StackStatus).toBe('DELETE_FAILED');
    const failed = (await eventsOf(stackName)).find(
      (event) => event.ResourceStatus === 'DELETE_FAILED' && event.LogicalResourceId === 'Bucket',
    );
    expect(failed?.ResourceStatusReason).toContain(
      'The bucket you tried to delete is not empty (Service: S3, Status Code: 409',
    );
  });

  test('a retained named table survives its stack and makes a new stack declaring that name fail and roll back', async () => {
    const tableName = uniqueName('kept-table');
    const body = template({
      Table: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', Properties: { TableName: tableName } },
    });
    const first = uniqueName('keeper');
    const { StackId: firstId = '' } = await cloudFormation.send(
      new CreateStackCommand({ StackName: first, TemplateBody: body }),
    );
    await cloudFormation.send(new DeleteStackCommand({ StackName: first }));
    const second = uniqueName('newcomer');

    await cloudFormation.send(new CreateStackCommand({ StackName: second, TemplateBody: body }));

    const skipped = (await eventsOf(firstId)).find(
      (event) => event.LogicalResourceId === 'Table' && event.ResourceStatus === 'DELETE_SKIPPED',
    );
    expect(skipped).toBeDefined();
    expect((await describe1(firstId)).StackStatus).toBe('DELETE_COMPLETE');
    expect((await describe1(second)).StackStatus).toBe('ROLLBACK_COMPLETE');
    const failed = (await eventsOf(second)).find((event) => event.ResourceStatus === 'CREATE_FAILED');
    expect(failed?.LogicalResourceId).toBe('Table');
    expect(failed?.ResourceStatusReason).toBe(
      `Resource of type 'AWS::DynamoDB::Table' with identifier '${tableName}' already exists.`,
    );
  });
});

test('the journal keeps every template the stand-in received, with its parameters', async () => {
  const stackName = uniqueName('journal');
  const body = template({ Topic: { Type: 'AWS::SNS::Topic' } }, { Parameters: { Stage: { Type: 'String' } } });

  await cloudFormation.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: body,
      Parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }],
    }),
  );

  expect(standin.journal.templates.find((entry) => entry.stackName === stackName)).toMatchObject({
    action: 'CreateStack',
    source: 'TemplateBody',
    templateBody: body,
    parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }],
  });
  expect(
    standin.journal.entries.filter((entry) => entry.params.StackName === stackName).map((entry) => entry.action),
  ).toEqual(['CreateStack']);
  expect(standin.journal.unknown()).toEqual([]);
});
