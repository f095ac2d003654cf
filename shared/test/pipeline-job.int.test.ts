import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { CodePipelineEvent } from 'aws-lambda';
import { type AwsRecorder, startAwsRecorder } from '../../test-support/aws-recorder';
import { loadEvent } from '../../test-support/events';
import { JobFailureError, runPipelineJob } from '../src/pipeline/job';

describe('runPipelineJob', () => {
  let recorder: AwsRecorder;
  let client: CodePipelineClient;

  beforeAll(async () => {
    recorder = await startAwsRecorder();
    client = new CodePipelineClient({
      endpoint: recorder.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  afterAll(() => recorder.close());
  beforeEach(() => recorder.reset());

  const event = () => loadEvent<CodePipelineEvent>('codepipeline', 'job');

  it('reports success with output variables through PutJobSuccessResult', async () => {
    await runPipelineJob(event(), client, async () => ({ result: 'success', outputVariables: { AMI_ID: 'ami-1' } }));

    expect(recorder.calls.map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    expect(recorder.calls[0]?.body).toEqual({
      jobId: '11111111-abcd-1111-abcd-111111abcdef',
      outputVariables: { AMI_ID: 'ami-1' },
    });
  });

  it('reports a continuation without output variables', async () => {
    await runPipelineJob(event(), client, async () => ({ result: 'continue', continuationToken: 'tok' }));

    expect(recorder.calls[0]?.body).toEqual({
      jobId: '11111111-abcd-1111-abcd-111111abcdef',
      continuationToken: 'tok',
    });
  });

  it('turns a thrown error into exactly one PutJobFailureResult', async () => {
    await runPipelineJob(event(), client, async () => {
      throw new Error('boom');
    });

    expect(recorder.calls.map((call) => call.operation)).toEqual(['PutJobFailureResult']);
    expect(recorder.calls[0]?.body).toEqual({
      jobId: '11111111-abcd-1111-abcd-111111abcdef',
      failureDetails: { type: 'JobFailed', message: 'Error: boom' },
    });
  });

  it('keeps the failure type of a JobFailureError', async () => {
    await runPipelineJob(event(), client, async () => {
      throw new JobFailureError('ConfigurationError', 'UserParameters is missing');
    });

    expect(recorder.calls[0]?.body).toMatchObject({
      failureDetails: { type: 'ConfigurationError', message: 'UserParameters is missing' },
    });
  });

  it('passes the continuation token of a continuation invocation to the work', async () => {
    const continued = event();
    (continued['CodePipeline.job'].data as { continuationToken?: string }).continuationToken = 'previous';
    const seen: (string | undefined)[] = [];

    await runPipelineJob(continued, client, async (job) => {
      seen.push(job.continuationToken);
      return { result: 'success' };
    });

    expect(seen).toEqual(['previous']);
  });
});
