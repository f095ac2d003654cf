import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { APIGatewayProxyEventV2, CodePipelineEvent, Context, SNSEvent } from 'aws-lambda';
import createHttpError from 'http-errors';
import { loadEvent } from '../test-support/events';

// The logger takes its level from the environment when it is built, and Powertools goes back to
// that level at each invocation: the modules are loaded below, after the level is set.
let modules: {
  html: typeof import('../src/http/html-handler');
  http: typeof import('../src/http/http-handler');
  lambda: typeof import('../src/lambda-handler');
  log: typeof import('../src/logger');
  job: typeof import('../src/pipeline/job');
  sns: typeof import('../src/sns/sns-messages');
};

beforeAll(async () => {
  const quiet = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  await jest.isolateModulesAsync(async () => {
    modules = {
      html: await import('../src/http/html-handler'),
      http: await import('../src/http/http-handler'),
      lambda: await import('../src/lambda-handler'),
      log: await import('../src/logger'),
      job: await import('../src/pipeline/job'),
      sns: await import('../src/sns/sns-messages'),
    };
  });
  process.env.POWERTOOLS_LOG_LEVEL = quiet;
});

const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

/** The context Lambda passes, as its runtime builds it. */
const context: Context = {
  awsRequestId: REQUEST_ID,
  functionName: 'runway-test-handler',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:runway-test-handler',
  memoryLimitInMB: '256',
  logGroupName: '/aws/lambda/runway-test-handler',
  logStreamName: '2026/12/01/[$LATEST]0123456789abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

type LogLine = Record<string, unknown> & { message: string };

/** The structured lines Powertools writes (to stdout and stderr) while `act` runs. */
async function logLinesOf(act: () => Promise<unknown>): Promise<LogLine[]> {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await act().catch(() => undefined);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => typeof line.message === 'string');
}

function lineSaying(lines: LogLine[], message: string): LogLine {
  const line = lines.find((candidate) => candidate.message === message);
  if (!line) throw new Error(`no log line "${message}" in ${JSON.stringify(lines)}`);
  return line;
}

function expectEveryLineToNameTheInvocation(lines: LogLine[]) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatchObject({ function_request_id: REQUEST_ID });
}

function expectNoReservedKeyDropped(lines: LogLine[]) {
  expect(lines.map((line) => line.message)).not.toContainEqual(expect.stringContaining('reserved key'));
}

const apiEvent = () => loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');

describe('every handler logs with the Lambda request id', () => {
  it('the JSON API stack, also when it refuses a request, and it keeps the reason', async () => {
    const { http, log } = modules;
    const refusing = http.httpHandler(async () => {
      log.logger.info('Looking at the request');
      throw createHttpError(409, 'Already decided');
    });

    const lines = await logLinesOf(() => refusing(apiEvent(), context));

    expectEveryLineToNameTheInvocation(lines);
    expect(lineSaying(lines, 'Request rejected')).toMatchObject({ statusCode: 409, reason: 'Already decided' });
    expectNoReservedKeyDropped(lines);
  });

  it('the HTML page stack, also when it refuses a request, and it keeps the reason', async () => {
    const { html, log } = modules;
    const refusing = html.htmlHandler(async () => {
      log.logger.info('Looking at the request');
      throw createHttpError(404, 'This approval link is not known');
    });

    const lines = await logLinesOf(() => refusing(apiEvent(), context));

    expectEveryLineToNameTheInvocation(lines);
    expect(lineSaying(lines, 'Request refused')).toMatchObject({
      statusCode: 404,
      reason: 'This approval link is not known',
    });
    expectNoReservedKeyDropped(lines);
  });

  it('an SNS subscription, for the lines the shared record loop writes', async () => {
    const event = loadEvent<SNSEvent>('sns', 'imagebuilder-available');
    const [record] = event.Records;
    if (record) record.Sns.Message = 'not JSON';
    const handler = modules.sns.snsHandler(async () => undefined);

    const lines = await logLinesOf(() => handler(event, context));

    expectEveryLineToNameTheInvocation(lines);
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

    expectEveryLineToNameTheInvocation(lines);
    expect(lineSaying(lines, 'Reporting pipeline job result')).toMatchObject({
      result: 'failure',
      failureType: 'ConfigurationError',
    });
  });

  it('an EventBridge rule target, through the shared wrapper', async () => {
    const { lambda, log } = modules;
    const handler = lambda.lambdaHandler(async (event: { id: string }) => {
      log.logger.info('Event seen', { eventId: event.id });
    });

    const lines = await logLinesOf(() => handler({ id: 'event-1' }, context));

    expectEveryLineToNameTheInvocation(lines);
    expect(lineSaying(lines, 'Event seen')).toMatchObject({ eventId: 'event-1' });
  });
});
