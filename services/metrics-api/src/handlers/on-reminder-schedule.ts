import { lambdaHandler } from '@shared/lambda-handler';
import { logger } from '@shared/logger';
import { sendReminders } from '../weeks/week-service';
import { weekDeps } from '../wiring';

const deps = weekDeps();

/** The weekly schedule: one reminder per engineer whose week has work days without hours. */
export const handler = lambdaHandler(async () => {
  const run = await sendReminders(deps, new Date());
  logger.info('Reminders sent', { week: run.week, count: run.reminded.length });
  return run;
});
