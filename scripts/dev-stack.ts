/**
 * `npm start`: the whole Runway stack on this machine, no AWS account needed.
 * Ports: RUNWAY_DYNAMODB_PORT, METRICS_API_PORT, METRICS_API_LAMBDA_PORT, SITE_PORT.
 */
import { join } from 'node:path';
import { ROOT } from './local/paths';
import { portFromEnv } from './local/ports';
import { startStack } from './local/stack';

async function main(): Promise<void> {
  const stack = await startStack({
    stage: 'local',
    echo: true,
    dataDir: join(ROOT, '.local', 'dynamodb'),
    ports: {
      dynamodb: portFromEnv('RUNWAY_DYNAMODB_PORT', 8000),
      metricsApi: portFromEnv('METRICS_API_PORT', 3000),
      metricsApiLambda: portFromEnv('METRICS_API_LAMBDA_PORT', 3002),
      site: portFromEnv('SITE_PORT', 8080),
    },
  });
  console.log(
    [
      '',
      'Runway local stack is up:',
      `  site          ${stack.urls.site}/  (form)  ${stack.urls.site}/dashboard.html`,
      `  metrics API   ${stack.urls.metricsApi}/activities`,
      `  DynamoDB      ${stack.urls.dynamodb} (dynalite, data in .local/dynamodb)`,
      '',
      'Try: curl -s -X POST -H "Content-Type: application/json" \\',
      `       -d '{"engineer":"Mary","customer":"Acme","project":"Migration","activity":"Review","date":"${new Date().toISOString().slice(0, 10)}","hours":1.5}' \\`,
      `       ${stack.urls.metricsApi}/activities`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local stack...');
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
