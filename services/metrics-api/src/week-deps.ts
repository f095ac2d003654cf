import { logger } from '@shared/logger';
import { sesMailer } from '@shared/mail/mailer';
import { cognitoClient } from './clients/cognito';
import { documentClient } from './clients/dynamodb';
import { sesClient } from './clients/ses';
import { config } from './config';
import { weekStore } from './store';
import { WEEK_ENV, weekConfig } from './week-config';
import { cognitoPeople } from './weeks/cognito-people';
import { type People, parseDirectory, staticPeople } from './weeks/people';
import { dynamoWeekEntries } from './weeks/week-entries';
import type { WeekDeps } from './weeks/week-service';

function people(): People {
  if (weekConfig.localPeople !== '') return staticPeople(parseDirectory(weekConfig.localPeople));
  if (weekConfig.userPoolId === '') throw new Error(`Missing required environment variable ${WEEK_ENV.userPoolId}`);
  return cognitoPeople(cognitoClient, weekConfig.userPoolId);
}

/** What every week function uses, created once per container. */
export const weekDeps: WeekDeps = {
  weeks: weekStore,
  entries: dynamoWeekEntries(documentClient, config.activitiesTable),
  people: people(),
  mailer: sesMailer(sesClient, weekConfig.senderEmail),
  siteUrl: weekConfig.siteUrl,
  log: logger,
};
