import { type CapturedCall, concurrentGroups, decodeCall, queryInput } from '../capture';
import { callsOf, sameWorkSource } from '../same-work-twins';

const call = (operation: string, started: number, ended: number): CapturedCall => ({
  endpoint: 'AWS_ENDPOINT_URL_DYNAMODB',
  operation,
  input: { TableName: operation },
  started,
  ended,
});

describe('a captured request, decoded back into its operation and input', () => {
  it('takes a JSON-protocol call from X-Amz-Target and its body', () => {
    const decoded = decodeCall({
      method: 'POST',
      url: '/',
      headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-type': 'application/x-amz-json-1.0' },
      body: '{"TableName":"activities","Key":{"id":{"S":"a"}}}',
    });
    expect(decoded).toEqual({ operation: 'GetItem', input: { TableName: 'activities', Key: { id: { S: 'a' } } } });
  });

  it('turns a query-protocol form into nested input: member lists and entry maps', () => {
    const form = new URLSearchParams({
      Action: 'Publish',
      Version: '2010-03-31',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      'MessageAttributes.entry.1.Name': 'stage',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'prod',
      'Destination.ToAddresses.member.2': 'b@example.com',
      'Destination.ToAddresses.member.1': 'a@example.com',
    }).toString();
    expect(queryInput(form)).toEqual({
      operation: 'Publish',
      input: {
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        MessageAttributes: { stage: { DataType: 'String', StringValue: 'prod' } },
        Destination: { ToAddresses: ['a@example.com', 'b@example.com'] },
      },
    });
  });

  it('reads a REST JSON call (Image Builder) from its path, query string and body', () => {
    expect(
      decodeCall({ method: 'GET', url: '/GetImage?imageBuildVersionArn=arn%3Aimage', headers: {}, body: '' }),
    ).toEqual({ operation: 'GetImage', input: { imageBuildVersionArn: 'arn:image' } });
    expect(
      decodeCall({
        method: 'PUT',
        url: '/StartImagePipelineExecution',
        headers: { 'content-type': 'application/json' },
        body: '{"imagePipelineArn":"arn:pipeline","clientToken":"t"}',
      }),
    ).toEqual({
      operation: 'StartImagePipelineExecution',
      input: { imagePipelineArn: 'arn:pipeline', clientToken: 't' },
    });
  });
});

describe('calls the function had in flight together', () => {
  it('groups overlapping calls and keeps the groups in the order they started', () => {
    const groups = concurrentGroups([call('Query', 12, 20), call('GetItem', 0, 10), call('PutItem', 5, 8)]);
    expect(groups.map((group) => group.map((c) => c.operation))).toEqual([['GetItem', 'PutItem'], ['Query']]);
    expect(callsOf([call('GetItem', 0, 10), call('Query', 2, 12), call('PutItem', 13, 15)])).toEqual([
      'GetItem + Query',
      'PutItem',
    ]);
  });
});

describe('the same-work twin source', () => {
  it('imports each service client once and sends a group of calls together', () => {
    const source = sameWorkSource([
      call('GetItem', 0, 10),
      call('Query', 1, 10),
      { ...call('SendEmail', 11, 12), endpoint: 'AWS_ENDPOINT_URL_SES' },
    ]);
    expect(source).toContain(
      "import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';",
    );
    expect(source).toContain("import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';");
    expect(source).toContain(
      'await Promise.all([send(client0, new GetItemCommand(inputs[0])), send(client0, new QueryCommand(inputs[1]))]);',
    );
    expect(source).toContain('await Promise.all([send(client1, new SendEmailCommand(inputs[2]))]);');
    expect(source).not.toMatch(/middy|powertools|http-errors/i);
  });

  it('refuses a service it has no client for', () => {
    expect(() => sameWorkSource([{ ...call('Invoke', 0, 1), endpoint: 'AWS_ENDPOINT_URL_LAMBDA' }])).toThrow(
      'no SDK client known for AWS_ENDPOINT_URL_LAMBDA',
    );
  });
});
