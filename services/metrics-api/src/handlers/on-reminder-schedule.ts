import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '@shared/logger';
import { weekDeps } from '../week-deps';
import { sendReminders } from '../weeks/week-service';

/** The weekly schedule: one reminder per engineer whose week has work days without hours. */
export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const run = await sendReminders(weekDeps, new Date());
    logger.info('Reminders sent', { week: run.week, count: run.reminded.length });
    return run;
  });
