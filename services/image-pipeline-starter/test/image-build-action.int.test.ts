import { logger } from '@shared/logger';
import type { CodePipelineEvent } from 'aws-lambda';
import { type AwsRecorder, startAwsRecorder } from '../../../test-support/aws-recorder';
import { loadEvent } from '../../../test-support/events';
import {
  expectLinesOfInvocation,
  lambdaContext,
  lineSaying,
  loadLogging,
  logLinesOf,
} from '../../../test-support/log-lines';

// Drives the real handler module end to end: its SDK clients reach the local recorder through
// AWS_ENDPOINT_URL_<SERVICE>, set before the module is loaded, exactly as in a deployed function.

const JOB_ID = '11111111-abcd-1111-abcd-111111abcdef';
const PIPELINE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/runway-app-qat';
const IMAGE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-app-qat/1.0.0/3';
const HOUR_MS = 60 * 60 * 1000;

type Handler = (event: CodePipelineEvent) => Promise<void>;
type TokenEncoder = typeof import('../src/image-build/continuation-token').encodeContinuationToken;

interface SentRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
}

let recorder: AwsRecorder;
let handler: Handler;
let encodeContinuationToken: TokenEncoder;
// The recorder keeps paths without their query string, so Image Builder requests are also captured as the SDK sends them.
const imageBuilderRequests: SentRequest[] = [];
const savedEnv = { ...process.env };

function isSentRequest(request: unknown): request is SentRequest {
  return (
    typeof request === 'object' && request !== null && 'method' in request && 'path' in request && 'query' in request
  );
}

beforeAll(async () => {
  recorder = await startAwsRecorder();
  process.env.AWS_ENDPOINT_URL_IMAGEBUILDER = recorder.url;
  process.env.AWS_ENDPOINT_URL_CODEPIPELINE = recorder.url;
  process.env.IMAGE_PIPELINE_NAME_PATTERN = 'runway-*';
  // MAX_WAIT_HOURS stays unset: these stories run with the default maximum wait of 4 hours.
  delete process.env.MAX_WAIT_HOURS;
  ({ handler } = await import('../src/handlers/image-build-action'));
  ({ encodeContinuationToken } = await import('../src/image-build/continuation-token'));
  const { imagebuilderClient } = await import('../src/clients/imagebuilder');
  imagebuilderClient.middlewareStack.add(
    (next) => async (args) => {
      if (isSentRequest(args.request)) {
        const { method, path, query } = args.request;
        imageBuilderRequests.push({ method, path, query: { ...query } });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureImageBuilderRequests' },
  );
});

afterAll(async () => {
  process.env = savedEnv;
  await recorder.close();
});

beforeEach(() => {
  recorder.reset();
  imageBuilderRequests.length = 0;
  recorder.respond('StartImagePipelineExecution', {
    body: { requestId: 'req-1', clientToken: JOB_ID, imageBuildVersionArn: IMAGE_ARN },
  });
});

function firstInvocation(userParameters: string | undefined): CodePipelineEvent {
  const event = loadEvent<CodePipelineEvent>('codepipeline', 'job');
  const { actionConfiguration } = event['CodePipeline.job'].data;
  const { UserParameters: _fixtureParameters, ...configuration } = actionConfiguration.configuration;
  actionConfiguration.configuration = (
    userParameters === undefined ? configuration : { ...configuration, UserParameters: userParameters }
  ) as typeof actionConfiguration.configuration;
  return event;
}

function continuation(continuationToken: string): CodePipelineEvent {
  const event = firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN }));
  event['CodePipeline.job'].data.continuationToken = continuationToken;
  return event;
}

function tokenStartedHoursAgo(hours: number): string {
  return encodeContinuationToken({
    imageBuildVersionArn: IMAGE_ARN,
    startedAt: new Date(Date.now() - hours * HOUR_MS).toISOString(),
  });
}

function imageIn(status: string, extra: Record<string, unknown> = {}) {
  return { body: { requestId: 'req-2', image: { arn: IMAGE_ARN, state: { status, ...extra } } } };
}

function jobResults() {
  return recorder.calls.filter((call) => call.operation.startsWith('PutJob'));
}

describe('image build action: first invocation', () => {
  it('starts the image pipeline with the job id as client token and continues with the build in the token', async () => {
    const before = Date.now();

    await handler(firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN, wait: true })));

    expect(recorder.calls.map((call) => call.operation)).toEqual([
      'StartImagePipelineExecution',
      'PutJobSuccessResult',
    ]);
    const [start, result] = recorder.calls;
    expect(start).toMatchObject({ method: 'PUT', path: '/StartImagePipelineExecution' });
    expect(start?.body).toEqual({ imagePipelineArn: PIPELINE_ARN, clientToken: JOB_ID });
    expect(result?.body).toEqual({
      jobId: JOB_ID,
      continuationToken: expect.any(String),
      executionDetails: { summary: `Started image build ${IMAGE_ARN}; waiting for it to become AVAILABLE` },
    });
    const token = JSON.parse(String(result?.body.continuationToken));
    expect(token).toEqual({ imageBuildVersionArn: IMAGE_ARN, startedAt: expect.any(String) });
    expect(Date.parse(token.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(token.startedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('waits for the image when UserParameters leave wait out', async () => {
    await handler(firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN })));

    expect(recorder.callsTo('PutJobSuccessResult')[0]?.body).toMatchObject({ continuationToken: expect.any(String) });
    expect(recorder.callsTo('PutJobSuccessResult')[0]?.body).not.toHaveProperty('outputVariables');
  });

  it('sends the same client token when the same job is invoked again, so Image Builder starts one build', async () => {
    const event = firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN }));

    await handler(event);
    await handler(structuredClone(event));

    const starts = recorder.callsTo('StartImagePipelineExecution');
    expect(starts.map((call) => call.body)).toEqual([
      { imagePipelineArn: PIPELINE_ARN, clientToken: JOB_ID },
      { imagePipelineArn: PIPELINE_ARN, clientToken: JOB_ID },
    ]);
    const followed = recorder
      .callsTo('PutJobSuccessResult')
      .map((call) => JSON.parse(String(call.body.continuationToken)).imageBuildVersionArn);
    expect(followed).toEqual([IMAGE_ARN, IMAGE_ARN]);
  });

  it('reports success at once with IMAGE_BUILD_VERSION_ARN when told not to wait', async () => {
    await handler(firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN, wait: false })));

    expect(recorder.calls.map((call) => call.operation)).toEqual([
      'StartImagePipelineExecution',
      'PutJobSuccessResult',
    ]);
    expect(recorder.callsTo('PutJobSuccessResult')[0]?.body).toEqual({
      jobId: JOB_ID,
      outputVariables: { IMAGE_BUILD_VERSION_ARN: IMAGE_ARN },
      executionDetails: { summary: `Started image build ${IMAGE_ARN}` },
    });
  });

  it.each([
    ['missing', undefined, 'UserParameters is missing: expected a JSON object'],
    ['not JSON', '{imagePipelineArn:', 'UserParameters is not valid JSON'],
    ['a JSON array', '[]', 'UserParameters must be a JSON object'],
    [
      'without imagePipelineArn',
      '{"wait":true}',
      'UserParameters.imagePipelineArn is required: the ARN of the Image Builder pipeline to run',
    ],
    [
      'with an ARN of something else',
      '{"imagePipelineArn":"arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/runway-app-qat/1.0.0"}',
      'UserParameters.imagePipelineArn is not an Image Builder image pipeline ARN: "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/runway-app-qat/1.0.0"',
    ],
    [
      'with a pipeline of another region',
      '{"imagePipelineArn":"arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/runway-app-qat"}',
      'UserParameters.imagePipelineArn is in eu-west-1; this action runs in us-east-1 and starts pipelines of its own region only',
    ],
    [
      'with a pipeline this stage may not start',
      '{"imagePipelineArn":"arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/payments-app"}',
      'Image pipeline payments-app is not one this stage may start (allowed: runway-*)',
    ],
    [
      'with a wait that is not a boolean',
      `{"imagePipelineArn":"${PIPELINE_ARN}","wait":"yes"}`,
      'UserParameters.wait must be true or false, got "yes"',
    ],
    [
      'with a misspelt key',
      `{"imagePipelineArn":"${PIPELINE_ARN}","Wait":false}`,
      'UserParameters has unknown key(s) Wait; expected imagePipelineArn and wait',
    ],
  ])(
    'fails with a ConfigurationError and starts nothing when UserParameters are %s',
    async (_case, userParameters, message) => {
      await handler(firstInvocation(userParameters));

      expect(recorder.calls.map((call) => call.operation)).toEqual(['PutJobFailureResult']);
      expect(recorder.calls[0]?.body).toEqual({
        jobId: JOB_ID,
        failureDetails: { type: 'ConfigurationError', message },
      });
    },
  );

  it('reports SystemUnavailable once, after the SDK retries, when Image Builder keeps throttling', async () => {
    recorder.respond('StartImagePipelineExecution', {
      error: { code: 'CallRateLimitExceededException', message: 'Rate exceeded', status: 429 },
    });

    await handler(firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN })));

    expect(recorder.callsTo('StartImagePipelineExecution')).toHaveLength(3);
    expect(jobResults().map((call) => call.body)).toEqual([
      {
        jobId: JOB_ID,
        failureDetails: { type: 'SystemUnavailable', message: 'CallRateLimitExceededException: Rate exceeded' },
      },
    ]);
  }, 15_000);

  it('starts the build when Image Builder throttles once, thanks to the SDK retry', async () => {
    recorder.respondOnce('StartImagePipelineExecution', {
      error: { code: 'CallRateLimitExceededException', message: 'Rate exceeded', status: 429 },
    });

    await handler(firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN })));

    expect(recorder.callsTo('StartImagePipelineExecution').map((call) => call.body.clientToken)).toEqual([
      JOB_ID,
      JOB_ID,
    ]);
    expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
  }, 15_000);

  it('fails the job when Image Builder rejects the start', async () => {
    recorder.respond('StartImagePipelineExecution', {
      error: { code: 'ResourceNotFoundException', message: 'Pipeline not found', status: 404 },
    });

    await handler(firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN })));

    expect(recorder.callsTo('StartImagePipelineExecution')).toHaveLength(1);
    expect(jobResults().map((call) => call.body)).toEqual([
      {
        jobId: JOB_ID,
        failureDetails: { type: 'JobFailed', message: 'ResourceNotFoundException: Pipeline not found' },
      },
    ]);
  });
});

describe('image build action: continuation invocations', () => {
  it.each(['PENDING', 'CREATING', 'BUILDING', 'TESTING', 'DISTRIBUTING', 'INTEGRATING'])(
    'reads the image and continues with the same token while the build is %s',
    async (status) => {
      recorder.respond('GetImage', imageIn(status));
      const token = tokenStartedHoursAgo(1);

      await handler(continuation(token));

      expect(recorder.calls.map((call) => call.operation)).toEqual(['GetImage', 'PutJobSuccessResult']);
      expect(imageBuilderRequests).toEqual([
        { method: 'GET', path: '/GetImage', query: { imageBuildVersionArn: IMAGE_ARN } },
      ]);
      expect(recorder.callsTo('PutJobSuccessResult')[0]?.body).toEqual({
        jobId: JOB_ID,
        continuationToken: token,
        executionDetails: { summary: `Image build ${IMAGE_ARN} is ${status} after 60 minutes` },
      });
    },
  );

  it('reports AMI_ID of this region and IMAGE_ARN when the image is AVAILABLE', async () => {
    recorder.respond('GetImage', {
      body: {
        image: {
          arn: IMAGE_ARN,
          state: { status: 'AVAILABLE' },
          outputResources: {
            amis: [
              { region: 'eu-west-1', image: 'ami-0eu0000000000000', accountId: '123456789012' },
              { region: 'us-east-1', image: 'ami-0a1b2c3d4e5f67890', accountId: '123456789012' },
            ],
          },
        },
      },
    });

    await handler(continuation(tokenStartedHoursAgo(1)));

    expect(recorder.calls.map((call) => call.operation)).toEqual(['GetImage', 'PutJobSuccessResult']);
    expect(recorder.callsTo('PutJobSuccessResult')[0]?.body).toEqual({
      jobId: JOB_ID,
      outputVariables: { AMI_ID: 'ami-0a1b2c3d4e5f67890', IMAGE_ARN },
      executionDetails: { summary: `Image build ${IMAGE_ARN} is AVAILABLE as ami-0a1b2c3d4e5f67890` },
    });
  });

  it('fails when the AVAILABLE image has no AMI in this region', async () => {
    recorder.respond('GetImage', {
      body: {
        image: { state: { status: 'AVAILABLE' }, outputResources: { amis: [{ region: 'eu-west-1', image: 'ami-1' }] } },
      },
    });

    await handler(continuation(tokenStartedHoursAgo(1)));

    expect(jobResults().map((call) => call.body)).toEqual([
      {
        jobId: JOB_ID,
        failureDetails: {
          type: 'JobFailed',
          message: `Image build ${IMAGE_ARN} is AVAILABLE but produced no AMI in us-east-1`,
        },
      },
    ]);
  });

  it.each(['FAILED', 'CANCELLED', 'DEPRECATED', 'DELETED'])(
    "fails with Image Builder's reason when the build is %s",
    async (status) => {
      recorder.respond('GetImage', imageIn(status, { reason: 'Component runway-app-install failed: exit status 1' }));

      await handler(continuation(tokenStartedHoursAgo(1)));

      expect(recorder.calls.map((call) => call.operation)).toEqual(['GetImage', 'PutJobFailureResult']);
      expect(recorder.calls[1]?.body).toEqual({
        jobId: JOB_ID,
        failureDetails: {
          type: 'JobFailed',
          message: `Image build ${IMAGE_ARN} is ${status}: Component runway-app-install failed: exit status 1`,
        },
      });
    },
  );

  it('says so when a failed build comes without a reason', async () => {
    recorder.respond('GetImage', imageIn('FAILED'));

    await handler(continuation(tokenStartedHoursAgo(1)));

    expect(jobResults()[0]?.body).toMatchObject({
      failureDetails: {
        type: 'JobFailed',
        message: `Image build ${IMAGE_ARN} is FAILED: Image Builder gave no reason`,
      },
    });
  });

  it('gives up with a failure once the build has been waited for longer than the maximum wait', async () => {
    recorder.respond('GetImage', imageIn('BUILDING'));

    await handler(continuation(tokenStartedHoursAgo(4.01)));

    expect(recorder.calls.map((call) => call.operation)).toEqual(['GetImage', 'PutJobFailureResult']);
    expect(recorder.calls[1]?.body).toEqual({
      jobId: JOB_ID,
      failureDetails: {
        type: 'JobFailed',
        message: `Gave up after waiting 4 hours: image build ${IMAGE_ARN} is still BUILDING`,
      },
    });
  });

  it('still reports an image that became AVAILABLE just after the maximum wait', async () => {
    recorder.respond('GetImage', {
      body: {
        image: { state: { status: 'AVAILABLE' }, outputResources: { amis: [{ region: 'us-east-1', image: 'ami-1' }] } },
      },
    });

    await handler(continuation(tokenStartedHoursAgo(5)));

    expect(jobResults().map((call) => call.operation)).toEqual(['PutJobSuccessResult']);
    expect(jobResults()[0]?.body).toMatchObject({ outputVariables: { AMI_ID: 'ami-1', IMAGE_ARN } });
  });

  it('keeps waiting, with the same token, when Image Builder throttles the status check', async () => {
    recorder.respond('GetImage', {
      error: { code: 'CallRateLimitExceededException', message: 'Rate exceeded', status: 429 },
    });
    const token = tokenStartedHoursAgo(1);

    await handler(continuation(token));

    expect(recorder.callsTo('GetImage')).toHaveLength(3);
    expect(jobResults().map((call) => call.body)).toEqual([
      {
        jobId: JOB_ID,
        continuationToken: token,
        executionDetails: { summary: `Image build ${IMAGE_ARN} is in an unknown state after 60 minutes` },
      },
    ]);
  }, 15_000);

  it('fails the job when the status check is refused for a reason other than throttling', async () => {
    recorder.respond('GetImage', { error: { code: 'ForbiddenException', message: 'Not authorized', status: 403 } });

    await handler(continuation(tokenStartedHoursAgo(1)));

    expect(jobResults().map((call) => call.body)).toEqual([
      { jobId: JOB_ID, failureDetails: { type: 'JobFailed', message: 'ForbiddenException: Not authorized' } },
    ]);
  });

  it('fails without calling Image Builder when the continuation token is not one it issued', async () => {
    await handler(continuation('not-a-token'));

    expect(recorder.calls.map((call) => call.operation)).toEqual(['PutJobFailureResult']);
    expect(recorder.calls[0]?.body).toEqual({
      jobId: JOB_ID,
      failureDetails: {
        type: 'JobFailed',
        message: 'The continuation token is not one this action issued; cannot tell which image build to follow',
      },
    });
  });
});

describe('image build action: secrets', () => {
  it("never logs the job's artifact credentials", async () => {
    const logged = (['debug', 'info', 'warn', 'error'] as const).map((level) => jest.spyOn(logger, level));
    const event = firstInvocation(JSON.stringify({ imagePipelineArn: PIPELINE_ARN }));
    const credentials = Object.values(event['CodePipeline.job'].data.artifactCredentials);
    recorder.respond('GetImage', imageIn('FAILED', { reason: 'boom' }));

    await handler(event);
    await handler(continuation(tokenStartedHoursAgo(1)));

    const output = JSON.stringify(logged.flatMap((spy) => spy.mock.calls));
    expect(logged.some((spy) => spy.mock.calls.length > 0)).toBe(true);
    for (const secret of credentials) expect(output).not.toContain(secret);
    for (const spy of logged) spy.mockRestore();
  });
});

describe('image build action: logs', () => {
  it('logs with the Lambda request id of the invocation', async () => {
    const requestId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const { handler: logging } = await loadLogging(() => import('../src/handlers/image-build-action'));

    const lines = await logLinesOf(() => logging(firstInvocation('not JSON'), lambdaContext(requestId)));

    expectLinesOfInvocation(lines, requestId);
    expect(lineSaying(lines, 'Reporting pipeline job result')).toMatchObject({ failureType: 'ConfigurationError' });
  });
});
