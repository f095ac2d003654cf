import { type RemindDeps, type RemindResult, remindApprovers } from '../approvals/remind-approvers';
import { config, reminderConfig } from '../config';
import { approvalDeps, mailer } from '../wiring';

const storage = approvalDeps();

const deps: RemindDeps = {
  store: storage.store,
  directory: storage.directory,
  mailer: mailer(),
  publicBaseUrl: config.publicBaseUrl,
  settings: reminderConfig(),
};

/** The reminder schedule (an EventBridge schedule rule; `npm start` invokes it locally on a timer). */
export async function handler(): Promise<RemindResult> {
  return remindApprovers(deps, new Date());
}
