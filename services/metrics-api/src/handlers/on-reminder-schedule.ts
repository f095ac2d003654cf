import { lambdaHandler } from '@shared/lambda-handler';
import { logger } from '@shared/logger';
import { weekDeps } from '../week-deps';
import { sendReminders } from '../weeks/week-service';

/** The weekly schedule: one reminder per engineer whose week has work days without hours. */
export const handler = lambdaHandler(async () => {
  const run = await sendReminders(weekDeps, new Date());
  logger.info('Reminders sent', { week: run.week, count: run.reminded.length });
  return run;
});
