/**
 * `npm run demo:reminders`: with `npm start` running, runs the weekly reminder now (as the
 * deployed EventBridge rule does on its weekday and hour) and prints the inbox URL. Each engineer
 * gets at most one reminder per week, so a second run sends nothing new.
 */

import { portFromEnv } from '../test-support/ports';
import { invokeReminders } from '../test-support/reminder-schedule';
import { approvalGatewayDevPorts, DEV_STAGE } from './local/dev-ports';

async function main(): Promise<void> {
  const lambdaUrl = `http://127.0.0.1:${portFromEnv('METRICS_API_LAMBDA_PORT', 3002)}`;
  const result = await invokeReminders(lambdaUrl, `runway-metrics-api-${DEV_STAGE}-onReminderSchedule`);
  console.log(`Reminder run: ${JSON.stringify(result)}`);
  console.log(`Inbox: http://127.0.0.1:${approvalGatewayDevPorts().ses}`);
}

main().catch((error: unknown) => {
  console.error(`${String(error)}\nIs the local stack running (npm start)?`);
  process.exit(1);
});
