import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { APIGatewayProxyEventV2, CodePipelineEvent, SNSEvent } from 'aws-lambda';
import createHttpError from 'http-errors';
import { loadEvent } from '../../test-support/events';
import {
  expectLinesOfInvocation,
  lambdaContext,
  lineSaying,
  loadLogging,
  logLinesOf,
} from '../../test-support/log-lines';

const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';
const context = lambdaContext(REQUEST_ID);

const load = () =>
  loadLogging(async () => ({
    html: await import('../src/http/html-handler'),
    http: await import('../src/http/http-handler'),
    lambda: await import('../src/lambda-handler'),
    log: await import('../src/logger'),
    job: await import('../src/pipeline/job'),
    sns: await import('../src/sns/sns-messages'),
  }));
let modules: Awaited<ReturnType<typeof load>>;
beforeAll(async () => {
  modules = await load();
});

type PageHandler = () => Promise<never>;

describe('every handler logs with the Lambda request id', () => {
  it.each([
    {
      stack: 'the JSON API stack',
      logged: 'Request rejected',
      build: (handler: PageHandler) => modules.http.httpHandler(handler),
    },
    {
      stack: 'the HTML page stack',
      logged: 'Request refused',
      build: (handler: PageHandler) => modules.html.htmlHandler(handler),
    },
  ])('$stack, also when it refuses a request, and it keeps the reason', async ({ logged, build }) => {
    const refusing = build(async () => {
      modules.log.logger.info('Looking at the request');
      throw createHttpError(409, 'Already decided');
    });

    const lines = await logLinesOf(() =>
      refusing(loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity'), context),
    );

    expectLinesOfInvocation(lines, REQUEST_ID);
    expect(lineSaying(lines, logged)).toMatchObject({ statusCode: 409, reason: 'Already decided' });
  });

  it('an SNS subscription, for the lines the shared record loop writes', async () => {
    const event = loadEvent<SNSEvent>('sns', 'imagebuilder-available');
    const [record] = event.Records;
    if (record) record.Sns.Message = 'not JSON';
    const handler = modules.sns.snsHandler(async () => undefined);

    const lines = await logLinesOf(() => handler(event, context));

    expectLinesOfInvocation(lines, REQUEST_ID);
    lineSaying(lines, 'Dropping SNS record: Message is not JSON');
  });

  it('a CodePipeline job, for the result it reports', async () => {
    // No network in a unit test: the report fails at once, after the outcome is logged.
    const offline = new CodePipelineClient({
      region: 'us-east-1',
      maxAttempts: 1,
      requestHandler: {
        handle: async () => {
          throw new Error('unit tests reach no network');
        },
      },
    });
    const { job } = modules;
    const handler = job.pipelineJobHandler(offline, async () => {
      throw new job.JobFailureError('ConfigurationError', 'UserParameters is missing');
    });

    const lines = await logLinesOf(() => handler(loadEvent<CodePipelineEvent>('codepipeline', 'job'), context));

    expectLinesOfInvocation(lines, REQUEST_ID);
    expect(lineSaying(lines, 'Reporting pipeline job result')).toMatchObject({
      result: 'failure',
      failureType: 'ConfigurationError',
    });
  });

  it('an EventBridge rule target, through the shared wrapper', async () => {
    const handler = modules.lambda.lambdaHandler(async (event: { id: string }) => {
      modules.log.logger.info('Event seen', { eventId: event.id });
    });

    const lines = await logLinesOf(() => handler({ id: 'event-1' }, context));

    expectLinesOfInvocation(lines, REQUEST_ID);
    expect(lineSaying(lines, 'Event seen')).toMatchObject({ eventId: 'event-1' });
  });
});
