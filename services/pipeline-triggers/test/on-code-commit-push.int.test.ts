import type { AwsRecorder } from '../../../test-support/aws-recorder';
import { codeCommitPush } from './support/fixtures';
import { loadIsolated, operations, startRecordedAws, TEST_ENV } from './support/harness';

type Handler = typeof import('../src/handlers/on-code-commit-push').handler;

const SAMPLE_COMMIT = 'b6f1d0c2a7f0b7e1e0f6ad1f0ce4a5d5c7f3a9e1';
const BUILD_VERSION_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-app-qat/1.0.0/4';

describe('onCodeCommitPush', () => {
  let recorder: AwsRecorder;
  let handler: Handler;

  beforeAll(async () => {
    recorder = await startRecordedAws();
    ({ handler } = await loadIsolated(() => import('../src/handlers/on-code-commit-push')));
  });
  afterAll(() => recorder.close());
  beforeEach(() => {
    recorder.reset();
    recorder.respond('StartImagePipelineExecution', { body: { imageBuildVersionArn: BUILD_VERSION_ARN } });
  });

  it('starts the QAT image pipeline for a push to main, with a client token derived from the commit', async () => {
    const result = await handler(codeCommitPush());

    const [call] = recorder.callsTo('StartImagePipelineExecution');
    expect(operations(recorder)).toEqual(['UpdateItem', 'StartImagePipelineExecution']);
    expect(call?.method).toBe('PUT');
    expect(call?.path).toBe('/StartImagePipelineExecution');
    expect(call?.body).toEqual({
      imagePipelineArn: TEST_ENV.QAT_IMAGE_PIPELINE_ARN,
      clientToken: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(result).toEqual({
      started: true,
      commitId: SAMPLE_COMMIT,
      clientToken: call?.body.clientToken,
      imageBuildVersionArn: BUILD_VERSION_ARN,
    });
  });

  it('starts a build when the branch is created', async () => {
    await handler(codeCommitPush({ event: 'referenceCreated', oldCommitId: undefined }));

    expect(operations(recorder)).toEqual(['UpdateItem', 'StartImagePipelineExecution']);
  });

  it('first keeps who pushed, as CodeCommit authenticated them, under the repository and commit', async () => {
    await handler(codeCommitPush());

    const [update] = recorder.callsTo('UpdateItem');
    expect(update?.body).toMatchObject({
      TableName: TEST_ENV.SOURCE_AUTHORS_TABLE,
      Key: { repository: { S: 'codecommit:runway-app' }, commitId: { S: SAMPLE_COMMIT } },
      UpdateExpression: expect.stringContaining('ADD identities :identities'),
      ExpressionAttributeValues: expect.objectContaining({
        ':identities': { SS: ['arn:aws:iam::123456789012:user/mary.major'] },
      }),
    });
  });

  it('keeps the pusher of an assumed-role session as its ARN', async () => {
    const session = 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_0123456789abcdef/jane.doe@example.com';

    await handler(codeCommitPush({ callerUserArn: session }));

    expect(recorder.callsTo('UpdateItem')[0]?.body.ExpressionAttributeValues).toMatchObject({
      ':identities': { SS: [session] },
    });
  });

  it('fails the invocation when the pusher cannot be kept, before any build starts', async () => {
    recorder.respond('UpdateItem', {
      error: { code: 'ResourceNotFoundException', status: 400, message: 'no such table' },
    });

    await expect(handler(codeCommitPush())).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(recorder.callsTo('StartImagePipelineExecution')).toEqual([]);
  });

  it('sends the same client token when the same event is delivered again, so Image Builder builds once', async () => {
    await handler(codeCommitPush());
    await handler(codeCommitPush());

    const tokens = recorder.callsTo('StartImagePipelineExecution').map((call) => call.body.clientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('sends a different client token for a different commit', async () => {
    await handler(codeCommitPush());
    await handler(codeCommitPush({ commitId: '0f1e2d3c4b5a69788796a5b4c3d2e1f001234567' }));

    const [first, second] = recorder.callsTo('StartImagePipelineExecution').map((call) => call.body.clientToken);
    expect(first).not.toBe(second);
  });

  it('ignores a push to another branch', async () => {
    const result = await handler(
      codeCommitPush({ referenceName: 'feature/export', referenceFullName: 'refs/heads/feature/export' }),
    );

    expect(result).toEqual({ started: false, reason: 'branch feature/export is not main' });
    expect(recorder.calls).toEqual([]);
  });

  it('ignores a tag push, even a tag named like the branch', async () => {
    const result = await handler(
      codeCommitPush({
        event: 'referenceCreated',
        referenceType: 'tag',
        referenceName: 'main',
        referenceFullName: 'refs/tags/main',
      }),
    );

    expect(result).toEqual({ started: false, reason: 'tag main is not a branch' });
    expect(recorder.calls).toEqual([]);
  });

  it('ignores the deletion of the branch', async () => {
    const result = await handler(codeCommitPush({ event: 'referenceDeleted', commitId: undefined }));

    expect(result).toEqual({ started: false, reason: 'branch main was deleted' });
    expect(recorder.calls).toEqual([]);
  });

  it('ignores a push to another repository', async () => {
    const result = await handler(codeCommitPush({ repositoryName: 'runway-docs' }));

    expect(result).toEqual({ started: false, reason: 'repository runway-docs is not runway-app' });
    expect(recorder.calls).toEqual([]);
  });

  it('fails the invocation when Image Builder refuses the build, so the event can be retried', async () => {
    recorder.respond('StartImagePipelineExecution', {
      error: { code: 'ResourceNotFoundException', status: 404, message: 'image pipeline not found' },
    });

    await expect(handler(codeCommitPush())).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
