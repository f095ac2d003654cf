import { listGatewayDecisions } from '@shared/approvals/approval-audit';
import { logger } from '@shared/logger';
import { sesMailer } from '@shared/mail/mailer';
import { dynamoActivityStore } from './activities/activity-store';
import { dynamoCatalogueStore } from './catalogue/catalogue-store';
import { codePipelineClient } from './clients/codepipeline';
import { cognitoIdentityProviderClient } from './clients/cognito-identity-provider';
import { documentClient } from './clients/dynamodb';
import { sesClient } from './clients/ses';
import { config, deliveryConfig, timerConfig, WEEK_ENV, weekConfig } from './config';
import { pipelineCommitTime } from './delivery/commit-time';
import type { DeliveryDeps } from './delivery/delivery-service';
import { dynamoDeliveryStore } from './delivery/delivery-store';
import { dynamoRecordedHours } from './delivery/recorded-hours';
import type { RecorderDeps } from './delivery/recorder';
import { dynamoTimerStore } from './timer/timer-store';
import { dynamoTotalsReader } from './totals/totals-store';
import { cognitoPeople } from './weeks/cognito-people';
import { type People, parseDirectory, staticPeople } from './weeks/people';
import { dynamoWeekEntries } from './weeks/week-entries';
import type { WeekDeps, WeekMail, WeekStorage } from './weeks/week-service';
import { dynamoWeekStore } from './weeks/week-store';

// The stores are pure (`/* @__PURE__ */`): a bundle whose handler does not use one drops it and its code.

/** The activity records (and, in the same transactions, the maintained totals), created once per container. */
export const store = /* @__PURE__ */ dynamoActivityStore(documentClient, config.activitiesTable, {
  weeks: config.weeksTable,
  catalogue: config.catalogueTable,
  totals: config.totalsTable,
});

/** The maintained totals the summary, the export's count and the team view read. */
export const totalsReader = /* @__PURE__ */ dynamoTotalsReader(documentClient, config.totalsTable);

/** Customers and projects: activity writes check them, reads resolve names through them. */
export const catalogueStore = /* @__PURE__ */ dynamoCatalogueStore(documentClient, config.catalogueTable);

/** The week states: the week functions, and the refusals of activity writes into a submitted or approved week. */
export const weekStore = /* @__PURE__ */ dynamoWeekStore(documentClient, config.weeksTable);

/** Weeks and their records, for the functions that need nothing else (reading a week, deciding one). */
export const weekStorage: WeekStorage = {
  weeks: weekStore,
  entries: /* @__PURE__ */ dynamoWeekEntries(documentClient, config.activitiesTable, catalogueStore, totalsReader),
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
 * Weeks, their records and the people directory, for the functions that list people but mail no one
 * (the team's weeks); each calls it once, at load. Functions rather than constants, here and below,
 * so that the other functions neither bundle nor build the Cognito and SES clients.
 */
export function weekPeople(): WeekStorage & Pick<WeekDeps, 'people'> {
  return { ...weekStorage, people: people(weekConfig()) };
}

/** What the week functions that mail people use (submit, the reminders); each calls it once, at load. */
export function weekDeps(): WeekDeps {
  return { ...weekPeople(), ...weekMail() };
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
    commitTime: pipelineCommitTime(codePipelineClient),
    now: () => new Date(),
  };
}
