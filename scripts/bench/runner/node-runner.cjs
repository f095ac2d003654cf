// Cold-start runner: a fresh `node` process loads one handler module and invokes it.
// Plain CommonJS, no TypeScript loader, so nothing but Node itself runs before the handler.
// Usage: node node-runner.cjs <module path> <export name> <events.json (an array)>
// Prints one line: @@bench-result {"started","loaded","invoked":[...],"results":[...]} with
// process.hrtime (CLOCK_MONOTONIC) nanoseconds, comparable with the parent's clock.
const started = process.hrtime.bigint();
const { readFileSync } = require('node:fs');

const [modulePath, exportName, eventsPath] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsPath, 'utf8'));

function context(index) {
  const deadline = Date.now() + 10_000;
  return {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME || 'bench',
    functionVersion: '$LATEST',
    memoryLimitInMB: '512',
    awsRequestId: `bench-${process.pid}-${index}`,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
}

function report(payload) {
  process.stdout.write(
    `\n@@bench-result ${JSON.stringify(payload, (_key, value) => (typeof value === 'bigint' ? String(value) : value))}\n`,
    () => process.exit(0),
  );
}

async function main() {
  const handler = require(modulePath)[exportName];
  const loaded = process.hrtime.bigint();
  if (typeof handler !== 'function') throw new Error(`${modulePath} exports no function ${exportName}`);
  const invoked = [];
  const results = [];
  for (const [index, event] of events.entries()) {
    results.push(await handler(event, context(index)));
    invoked.push(process.hrtime.bigint());
  }
  report({ started, loaded, invoked, results });
}

main().catch((error) => {
  report({ started, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
});
