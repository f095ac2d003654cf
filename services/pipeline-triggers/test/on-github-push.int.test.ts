import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AwsRecorder } from '../../../test-support/aws-recorder';
import {
  githubDelivery,
  githubMergeBody,
  githubMergeSample,
  githubPushBody,
  githubSample,
  sign,
} from './support/fixtures';
import { loadIsolated, operations, startRecordedAws, TEST_ENV } from './support/harness';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const SAMPLE_COMMIT = 'b6f1d0c2a7f0b7e1e0f6ad1f0ce4a5d5c7f3a9e1';
const BUILD_VERSION_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-app-qat/1.0.0/4';
const context = { awsRequestId: 'test-request' } as Context;

async function loadHandler(): Promise<Handler> {
  return (await loadIsolated(() => import('../src/handlers/on-github-push'))).handler as unknown as Handler;
}

/** A delivery of `body`, correctly signed with the sample's secret. */
function signedDelivery(body: string, headers: Record<string, string> = {}, base64 = false) {
  return githubDelivery({ body, base64, headers: { 'x-hub-signature-256': sign(body), ...headers } });
}

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body ?? '');

describe('onGithubPush', () => {
  let recorder: AwsRecorder;
  let handler: Handler;

  beforeAll(async () => {
    recorder = await startRecordedAws();
    handler = await loadHandler();
  });
  afterAll(() => recorder.close());
  beforeEach(() => {
    recorder.reset();
    recorder.respond('GetParameter', {
      body: {
        Parameter: {
          Name: TEST_ENV.GITHUB_WEBHOOK_SECRET_PARAMETER,
          Type: 'SecureString',
          Value: githubSample().secret,
        },
      },
    });
    recorder.respond('StartImagePipelineExecution', { body: { imageBuildVersionArn: BUILD_VERSION_ARN } });
  });

  const builds = () => recorder.callsTo('StartImagePipelineExecution');

  describe('a verified push to main', () => {
    it('starts the QAT image pipeline and answers 200 (the sample delivery, as GitHub signed it)', async () => {
      const response = await handler(githubDelivery(), context);

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({
        result: 'started',
        commitId: SAMPLE_COMMIT,
        imageBuildVersionArn: BUILD_VERSION_ARN,
      });
      expect(builds().map((call) => [call.method, call.path, call.body])).toEqual([
        [
          'PUT',
          '/StartImagePipelineExecution',
          { imagePipelineArn: TEST_ENV.QAT_IMAGE_PIPELINE_ARN, clientToken: expect.stringMatching(/^[0-9a-f]{32}$/) },
        ],
      ]);
    });

    it('first keeps who wrote and pushed the commits, for the two-person rule', async () => {
      await handler(githubDelivery(), context);

      expect(operations(recorder).filter((name) => name !== 'GetParameter')).toEqual([
        'UpdateItem',
        'StartImagePipelineExecution',
      ]);
      const update = recorder.callsTo('UpdateItem')[0]?.body;
      expect(update).toMatchObject({
        TableName: TEST_ENV.SOURCE_AUTHORS_TABLE,
        Key: { repository: { S: 'github:example-org/runway-app' }, commitId: { S: SAMPLE_COMMIT } },
        UpdateExpression: expect.stringContaining('ADD identities :identities'),
      });
      expect(update?.ExpressionAttributeValues).toMatchObject({
        ':identities': { SS: ['mary@example.com', 'github:mary-major'] },
      });
    });

    it('keeps nothing for a push that builds nothing', async () => {
      await handler(signedDelivery(githubPushBody({ ref: 'refs/heads/feature' })), context);

      expect(recorder.callsTo('UpdateItem')).toEqual([]);
    });

    it('verifies and accepts the same delivery when API Gateway base64-encodes the body', async () => {
      const sample = githubSample();
      const response = await handler(signedDelivery(sample.body, {}, true), context);

      expect(response.statusCode).toBe(200);
      expect(builds()).toHaveLength(1);
    });

    it('verifies and reads a form-encoded delivery (payload=...)', async () => {
      const form = new URLSearchParams({ payload: githubSample().body }).toString();
      const response = await handler(
        signedDelivery(form, { 'content-type': 'application/x-www-form-urlencoded' }, true),
        context,
      );

      expect(response.statusCode).toBe(200);
      expect(builds()).toHaveLength(1);
    });

    it('sends the same client token when GitHub redelivers the push, so Image Builder builds once', async () => {
      await handler(githubDelivery(), context);
      await handler(githubDelivery({ headers: { 'x-github-delivery': 'a-redelivery-of-the-same-push' } }), context);

      const [first, second] = builds().map((call) => call.body.clientToken);
      expect(second).toBe(first);
    });
  });

  describe('signature', () => {
    it('answers 401 and starts nothing when the signature was made with another secret', async () => {
      const body = githubSample().body;
      const response = await handler(
        githubDelivery({ headers: { 'x-hub-signature-256': sign(body, 'not the secret') } }),
        context,
      );

      expect(response.statusCode).toBe(401);
      expect(bodyOf(response)).toEqual({ message: 'Missing or invalid X-Hub-Signature-256', errors: [] });
      expect(builds()).toEqual([]);
    });

    it('answers 401 when the body was changed after signing', async () => {
      const response = await handler(githubDelivery({ body: githubPushBody({ after: 'f'.repeat(40) }) }), context);

      expect(response.statusCode).toBe(401);
      expect(builds()).toEqual([]);
    });

    it('answers 401 when the signature header is missing', async () => {
      const response = await handler(githubDelivery({ headers: { 'x-hub-signature-256': undefined } }), context);

      expect(response.statusCode).toBe(401);
      expect(builds()).toEqual([]);
    });

    it('answers 401 to a legacy SHA-1 signature', async () => {
      const response = await handler(
        githubDelivery({ headers: { 'x-hub-signature-256': undefined, 'x-hub-signature': 'sha1=0123' } }),
        context,
      );

      expect(response.statusCode).toBe(401);
    });
  });

  describe('a pull request merged into main', () => {
    const mergeDelivery = (body = githubMergeSample().body) =>
      signedDelivery(body, { 'x-github-event': 'pull_request' });

    it('keeps its opener and merger with the merge commit, and builds nothing (the push of that commit builds)', async () => {
      const sample = githubMergeSample();
      const response = await handler(githubDelivery({ body: sample.body, headers: sample.headers }), context);

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ result: 'recorded', commitId: SAMPLE_COMMIT });
      expect(builds()).toEqual([]);
      const update = recorder.callsTo('UpdateItem')[0]?.body;
      expect(update).toMatchObject({
        TableName: TEST_ENV.SOURCE_AUTHORS_TABLE,
        Key: { repository: { S: 'github:example-org/runway-app' }, commitId: { S: SAMPLE_COMMIT } },
        UpdateExpression: expect.stringContaining('ADD identities :identities'),
      });
      expect(update?.ExpressionAttributeValues).toMatchObject({
        ':identities': { SS: ['github:mary-major', 'github:devon-codes'] },
      });
    });

    it.each([
      ['closed without merging', { merged: false, merged_by: null }, 'the pull request was not merged'],
      [
        'merged into another branch',
        { base: { ref: 'release/2.4', repo: { full_name: 'example-org/runway-app' } } },
        'example-org/runway-app release/2.4 is not the source branch',
      ],
    ])('keeps nothing for one %s', async (_story, changes, reason) => {
      const response = await handler(mergeDelivery(githubMergeBody(changes)), context);

      expect(response.statusCode).toBe(202);
      expect(bodyOf(response)).toEqual({ result: 'ignored', reason });
      expect(recorder.callsTo('UpdateItem')).toEqual([]);
    });
  });

  describe('events that start nothing', () => {
    it('answers 200 to the ping GitHub sends when the webhook is created', async () => {
      const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 12345678 });
      const response = await handler(signedDelivery(ping, { 'x-github-event': 'ping' }), context);

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ result: 'pong' });
      expect(builds()).toEqual([]);
    });

    it('answers 202 to another event type', async () => {
      const response = await handler(signedDelivery(githubSample().body, { 'x-github-event': 'issues' }), context);

      expect(response.statusCode).toBe(202);
      expect(bodyOf(response)).toEqual({ result: 'ignored', reason: 'issues events are not handled' });
      expect(builds()).toEqual([]);
    });

    it.each([
      ['a push to another branch', { ref: 'refs/heads/feature/export' }, 'branch feature/export is not main'],
      ['a tag push', { ref: 'refs/tags/v2.4.0', created: true }, 'tag v2.4.0 is not a branch'],
      [
        'the deletion of main',
        { after: '0000000000000000000000000000000000000000', deleted: true, head_commit: null },
        'branch main was deleted',
      ],
      [
        'a push to another repository',
        { repository: { full_name: 'example-org/runway-docs' } },
        'repository example-org/runway-docs is not example-org/runway-app',
      ],
    ])('answers 202 to %s', async (_story, changes, reason) => {
      const response = await handler(signedDelivery(githubPushBody(changes)), context);

      expect(response.statusCode).toBe(202);
      expect(bodyOf(response)).toEqual({ result: 'ignored', reason });
      expect(builds()).toEqual([]);
    });

    it('answers 400 to a signed push whose payload is not JSON', async () => {
      const response = await handler(signedDelivery('{"ref":'), context);

      expect(response.statusCode).toBe(400);
      expect(builds()).toEqual([]);
    });
  });
});

describe('onGithubPush webhook secret', () => {
  let recorder: AwsRecorder;

  beforeAll(async () => {
    recorder = await startRecordedAws();
  });
  afterAll(() => recorder.close());

  it('reads the SecureString decrypted, once, and reuses it for later deliveries', async () => {
    recorder.respond('GetParameter', {
      body: { Parameter: { Name: TEST_ENV.GITHUB_WEBHOOK_SECRET_PARAMETER, Value: githubSample().secret } },
    });
    const handler = await loadHandler();

    await handler(githubDelivery(), context);
    await handler(githubDelivery(), context);

    expect(recorder.callsTo('GetParameter').map((call) => call.body)).toEqual([
      { Name: TEST_ENV.GITHUB_WEBHOOK_SECRET_PARAMETER, WithDecryption: true },
    ]);
    expect(operations(recorder)).toEqual([
      'GetParameter',
      'UpdateItem',
      'StartImagePipelineExecution',
      'UpdateItem',
      'StartImagePipelineExecution',
    ]);
  });

  it('answers 500 without details when the secret cannot be read, and reads it again next time', async () => {
    recorder.reset();
    recorder.respondOnce('GetParameter', { error: { code: 'ParameterNotFound', status: 400 } });
    recorder.respond('GetParameter', {
      body: { Parameter: { Name: TEST_ENV.GITHUB_WEBHOOK_SECRET_PARAMETER, Value: githubSample().secret } },
    });
    const handler = await loadHandler();

    const failed = await handler(githubDelivery(), context);
    const retried = await handler(githubDelivery(), context);

    expect(failed.statusCode).toBe(500);
    expect(bodyOf(failed)).toEqual({ message: 'Internal server error', errors: [], requestId: 'JKJaXmPLvHcESHA=' });
    expect(retried.statusCode).toBe(200);
    expect(recorder.callsTo('GetParameter')).toHaveLength(2);
  });
});
