import { requireEnv } from '@shared/config';
import { sesMailer } from '../approvals/mailer';
import { type RemindDeps, type RemindResult, remindApprovers } from '../approvals/remind-approvers';
import { sesClient } from '../clients/ses';
import { config } from '../config';
import { deps as storage } from '../deps';
import { notificationConfig } from '../notification-config';

const HOUR_MS = 3600 * 1000;

/** Whole or fractional hours from an environment variable; throws at load on anything else. */
function hours(name: string): number {
  const value = Number(requireEnv(name));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of hours`);
  return value * HOUR_MS;
}

const deps: RemindDeps = {
  store: storage.store,
  directory: storage.directory,
  mailer: sesMailer(sesClient, notificationConfig.senderEmail),
  publicBaseUrl: config.publicBaseUrl,
  settings: { remindAfterMs: hours('REMIND_AFTER_HOURS'), lastWarningMs: hours('LAST_WARNING_HOURS') },
};

/** The reminder schedule (an EventBridge schedule rule; `npm start` invokes it locally on a timer). */
export async function handler(): Promise<RemindResult> {
  return remindApprovers(deps, new Date());
}
