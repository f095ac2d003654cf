import type { Context } from 'aws-lambda';

/** The context Lambda passes, as its runtime builds it, with this request id. */
export function lambdaContext(awsRequestId: string): Context {
  return {
    awsRequestId,
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
}

export type LogLine = Record<string, unknown> & { message: string };

/**
 * Loads modules that log with the shared Powertools logger at INFO. The logger takes its level
 * from the environment when it is built, and Powertools goes back to that level at each
 * invocation, so the level is set before the modules load, in an isolated registry.
 */
export async function loadLogging<M>(load: () => Promise<M>): Promise<M> {
  const quiet = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  let loaded: M | undefined;
  try {
    await jest.isolateModulesAsync(async () => {
      loaded = await load();
    });
  } finally {
    process.env.POWERTOOLS_LOG_LEVEL = quiet;
  }
  if (loaded === undefined) throw new Error('modules did not load');
  return loaded;
}

/** The structured lines Powertools writes (to stdout and stderr) while `act` runs; `act` may fail. */
export async function logLinesOf(act: () => Promise<unknown>): Promise<LogLine[]> {
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

/** The line with this message; fails the test, showing every line, when there is none. */
export function lineSaying(lines: LogLine[], message: string): LogLine {
  const line = lines.find((candidate) => candidate.message === message);
  if (!line) throw new Error(`no log line "${message}" in ${JSON.stringify(lines)}`);
  return line;
}

/** Every line names the invocation, and none says Powertools dropped a reserved key. */
export function expectLinesOfInvocation(lines: LogLine[], awsRequestId: string): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatchObject({ function_request_id: awsRequestId });
  expect(lines.map((line) => line.message)).not.toContainEqual(expect.stringContaining('reserved key'));
}
