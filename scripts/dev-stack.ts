/**
 * `npm start`: the whole Runway stack on this machine, no AWS account needed.
 * Ports: RUNWAY_DYNAMODB_PORT, METRICS_API_PORT, METRICS_API_LAMBDA_PORT, SITE_PORT, RUNWAY_OIDC_PORT, and for
 * approval-gateway APPROVAL_GATEWAY_PORT, APPROVAL_GATEWAY_LAMBDA_PORT, RUNWAY_SES_PORT,
 * RUNWAY_CODEPIPELINE_PORT, RUNWAY_CODEPIPELINE_CONTROL_PORT (see local/dev-ports.ts).
 * The weekly reminder runs at RUNWAY_REMINDER_WEEKDAY (MON..SUN) and RUNWAY_REMINDER_HOUR (UTC).
 */
import { join } from 'node:path';
import { ROOT } from '../test-support/paths';
import { LOCAL_PEOPLE } from '../test-support/people';
import { portFromEnv } from '../test-support/ports';
import { reminderTimeFromEnv } from '../test-support/reminder-schedule';
import { startReminderTimer } from '../test-support/reminders';
import { mintIdToken, OIDC_ENV } from '../test-support/tokens';
import { approvalGatewayDevPorts, DEV_STAGE } from './local/dev-ports';
import { startStack } from './local/stack';
import { SEEDED_CATALOGUE, seedCatalogue } from './seed-catalogue';
import { seedDeliverySettings } from './seed-delivery';

/** How often the local reminder schedule runs (in AWS: approval-gateway's `reminderSchedule`, hourly). */
const REMINDER_INTERVAL_MS = secondsFromEnv('RUNWAY_REMINDER_INTERVAL_SECONDS', 60) * 1000;

function secondsFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of seconds`);
  return value;
}

async function main(): Promise<void> {
  const stack = await startStack({
    stage: DEV_STAGE,
    echo: true,
    dataDir: join(ROOT, '.local', 'dynamodb'),
    reminders: reminderTimeFromEnv(),
    ports: {
      dynamodb: portFromEnv('RUNWAY_DYNAMODB_PORT', 8000),
      metricsApi: portFromEnv('METRICS_API_PORT', 3000),
      metricsApiLambda: portFromEnv('METRICS_API_LAMBDA_PORT', 3002),
      site: portFromEnv('SITE_PORT', 8080),
      oidc: portFromEnv('RUNWAY_OIDC_PORT', 8090),
      ...approvalGatewayDevPorts(),
    },
  });
  await seedCatalogue(stack.urls.dynamodb, DEV_STAGE);
  const pipelines = await seedDeliverySettings(stack.urls.dynamodb, DEV_STAGE);
  // A token for the curl example below: the first engineer's, signed with the local issuer's key.
  process.env[OIDC_ENV.issuer] = stack.issuer.url;
  process.env[OIDC_ENV.clientId] = stack.issuer.clientId;
  const token = mintIdToken(LOCAL_PEOPLE[0] as (typeof LOCAL_PEOPLE)[number], {
    key: stack.issuer.signingKey,
    expiresIn: 3600,
  });
  const reminders = startReminderTimer(stack.urls.approvalGatewayLambda, DEV_STAGE, REMINDER_INTERVAL_MS);
  console.log(
    [
      '',
      'Runway local stack is up:',
      `  site          ${stack.urls.site}/  (form)  ${stack.urls.site}/dashboard.html  ${stack.urls.site}/week.html`,
      `  metrics API   ${stack.urls.metricsApi}/activities`,
      `  DynamoDB      ${stack.urls.dynamodb} (dynalite, data in .local/dynamodb)`,
      `  approvals     ${stack.urls.approvalGateway}/approvals/{token}  (approval-gateway pages)`,
      `  email inbox   ${stack.urls.ses}  (aws-ses-v2-local: the approval emails land here)`,
      `  CodePipeline  ${stack.urls.codePipeline}  (local fake; control API ${stack.urls.codePipelineControl})`,
      `  sign-in       ${stack.urls.oidc}  (local OpenID Connect issuer, standing in for Cognito)`,
      '',
      'Sign in as (local only):',
      ...LOCAL_PEOPLE.map(
        (person) =>
          `  ${person.email.padEnd(22)} ${person.password.padEnd(24)} ${person.name} (${person.groups.join(', ')})`,
      ),
      '',
      `Catalogue (managers edit it; engineers pick from it): ${SEEDED_CATALOGUE.map(({ customer, projects }) => `${customer} (${projects.map((project) => project.name).join(', ')})`).join('; ')}`,
      'Approval demo: npm run demo:approval  (QC then PMO of a release, with two seeded approvers)',
      `Delivery metrics: ${stack.urls.metricsApi}/delivery/metrics  (pipelines ${pipelines.map((setting) => `${setting.pipeline} → ${setting.project}`).join(', ')};`,
      '  demo:approval releases fill it; npm run demo:delivery seeds a quarter of history)',
      `Approval reminders run every ${REMINDER_INTERVAL_MS / 1000} s (RUNWAY_REMINDER_INTERVAL_SECONDS).`,
      'Timesheet reminders now: npm run demo:reminders  (weekly at RUNWAY_REMINDER_WEEKDAY/HOUR, UTC)',
      '',
      `Try (as ${LOCAL_PEOPLE[0]?.name}, token valid for an hour):`,
      `  curl -s -X POST -H "Content-Type: application/json" -H "Authorization: Bearer ${token}" \\`,
      `       -d '{"customer":"Acme","project":"Migration","activity":"Review","date":"${new Date().toISOString().slice(0, 10)}","hours":1.5}' \\`,
      `       ${stack.urls.metricsApi}/activities`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    reminders.stop();
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
