import { sesMailer } from '../approvals/mailer';
import { type RemindDeps, type RemindResult, remindApprovers } from '../approvals/remind-approvers';
import { sesClient } from '../clients/ses';
import { config, mailConfig, reminderConfig } from '../config';
import { decisionDeps } from '../wiring';

const storage = decisionDeps();

const deps: RemindDeps = {
  store: storage.store,
  directory: storage.directory,
  mailer: sesMailer(sesClient, mailConfig().senderEmail),
  publicBaseUrl: config.publicBaseUrl,
  settings: reminderConfig(),
};

/** The reminder schedule (an EventBridge schedule rule; `npm start` invokes it locally on a timer). */
export async function handler(): Promise<RemindResult> {
  return remindApprovers(deps, new Date());
}
