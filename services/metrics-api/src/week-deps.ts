import { logger } from '@shared/logger';
import { sesMailer } from '@shared/mail/mailer';
import { cognitoClient } from './clients/cognito';
import { sesClient } from './clients/ses';
import { WEEK_ENV, weekConfig } from './week-config';
import { weekStorage } from './week-storage';
import { cognitoPeople } from './weeks/cognito-people';
import { type People, parseDirectory, staticPeople } from './weeks/people';
import type { WeekDeps } from './weeks/week-service';

function people(): People {
  if (weekConfig.localPeople !== '') return staticPeople(parseDirectory(weekConfig.localPeople));
  if (weekConfig.userPoolId === '') throw new Error(`Missing required environment variable ${WEEK_ENV.userPoolId}`);
  return cognitoPeople(cognitoClient, weekConfig.userPoolId);
}

/** What every week function uses, created once per container. */
export const weekDeps: WeekDeps = {
  ...weekStorage,
  people: people(),
  mailer: sesMailer(sesClient, weekConfig.senderEmail),
  siteUrl: weekConfig.siteUrl,
  log: logger,
};
