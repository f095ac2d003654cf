import { listGatewayDecisions } from '@shared/approvals/approval-audit';
import { logger } from '@shared/logger';
import { sesMailer } from '@shared/mail/mailer';
import { dynamoActivityStore } from './activities/activity-store';
import { dynamoCatalogueStore } from './catalogue/catalogue-store';
import { cognitoIdentityProviderClient } from './clients/cognito-identity-provider';
import { documentClient } from './clients/dynamodb';
import { sesClient } from './clients/ses';
import { config, deliveryConfig, timerConfig, WEEK_ENV, weekConfig } from './config';
import type { DeliveryDeps } from './delivery/delivery-service';
import { dynamoDeliveryStore } from './delivery/delivery-store';
import { dynamoRecordedHours } from './delivery/recorded-hours';
import type { RecorderDeps } from './delivery/recorder';
import { dynamoTimerStore } from './timer/timer-store';
import { cognitoPeople } from './weeks/cognito-people';
import { type People, parseDirectory, staticPeople } from './weeks/people';
import { dynamoWeekEntries } from './weeks/week-entries';
import type { WeekDeps, WeekMail, WeekStorage } from './weeks/week-service';
import { dynamoWeekStore } from './weeks/week-store';

/** The store every handler of this service uses, created once per container. */
export const store = dynamoActivityStore(
  documentClient,
  config.activitiesTable,
  config.weeksTable,
  config.catalogueTable,
);

/** Customers and projects: activity writes check them, reads resolve names through them. */
export const catalogueStore = dynamoCatalogueStore(documentClient, config.catalogueTable);

/** The week states: the week functions, and the refusals of activity writes into a submitted or approved week. */
export const weekStore = dynamoWeekStore(documentClient, config.weeksTable);

/** Weeks and their records, for the functions that need nothing else (reading a week, deciding one). */
export const weekStorage: WeekStorage = {
  weeks: weekStore,
  entries: dynamoWeekEntries(documentClient, config.activitiesTable, catalogueStore),
};

function people(settings: ReturnType<typeof weekConfig>): People {
  if (settings.localPeople !== '') return staticPeople(parseDirectory(settings.localPeople));
  if (settings.userPoolId === '') throw new Error(`Missing required environment variable ${WEEK_ENV.userPoolId}`);
  return cognitoPeople(cognitoIdentityProviderClient, settings.userPoolId);
}

/**
 * What the decision function mails with (the engineer's address is on the week item, so it needs
 * no directory); it calls this once, at load.
 */
export function weekMail(): WeekMail {
  const settings = weekConfig();
  return { mailer: sesMailer(sesClient, settings.senderEmail), siteUrl: settings.siteUrl, log: logger };
}

/**
 * What the week functions that mail or list people use; each such handler calls it once, at load.
 * A function rather than a constant so that the other functions neither bundle nor build the
 * Cognito and SES clients.
 */
export function weekDeps(): WeekDeps {
  const settings = weekConfig();
  return {
    ...weekStorage,
    people: people(settings),
    mailer: sesMailer(sesClient, settings.senderEmail),
    siteUrl: settings.siteUrl,
    log: logger,
  };
}

/** The running timers and the rounding step, for the timer functions; each calls it once, at load. */
export function timerDeps() {
  const settings = timerConfig();
  return { timers: dynamoTimerStore(documentClient, settings.timersTable), step: settings.step };
}

/** The delivery table, the activity records and the catalogue, for the delivery routes; each calls it once, at load. */
export function deliveryDeps(): DeliveryDeps {
  const settings = deliveryConfig();
  return {
    store: dynamoDeliveryStore(documentClient, settings.deliveryTable),
    hours: dynamoRecordedHours(documentClient, config.activitiesTable),
    catalogue: catalogueStore,
  };
}

/** What the event recorder writes to and reads approvers from; it calls this once, at load. */
export function recorderDeps(): RecorderDeps {
  const settings = deliveryConfig();
  const approvalsTable = settings.approvalsTable;
  return {
    store: dynamoDeliveryStore(documentClient, settings.deliveryTable),
    ...(approvalsTable === ''
      ? {}
      : { decisions: (executionId: string) => listGatewayDecisions(documentClient, approvalsTable, executionId) }),
    now: () => new Date(),
  };
}
