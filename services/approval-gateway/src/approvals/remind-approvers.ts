import { peopleWithRole } from '@shared/approvals/approver-directory';
import type { DirectorySource } from '@shared/approvals/directory-parameter';
import { logger } from '@shared/logger';
import { type ApprovalRecord, isExpired } from './approval';
import { type LinkMailDeps, mailNewLink } from './notify-approvers';

export interface ReminderSettings {
  /** An approver who has not decided this long after being asked gets one reminder. */
  remindAfterMs: number;
  /** Everyone asked gets a last warning this long before the approval expires. */
  lastWarningMs: number;
}

export interface RemindDeps extends LinkMailDeps {
  directory: DirectorySource;
  settings: ReminderSettings;
}

export interface RemindResult {
  reminded: number;
  warned: number;
}

/** The approvers of `approval` who may still decide it: asked then, and still of its role now. */
function stillAsked(approval: ApprovalRecord, roleEmails: Set<string>): string[] {
  return approval.notified.filter((email) => roleEmails.has(email.toLowerCase()));
}

/**
 * One pass of the reminder schedule over every pending approval: a reminder
 * to each approver not reminded yet once `remindAfterMs` has passed since the
 * request, and a last warning to everyone asked once the approval expires
 * within `lastWarningMs`. Each email carries a new personal link (the stored
 * hashes cannot give the old one back); the old link keeps working. Each is
 * sent once per approver, however often the schedule runs. Approvers who lost
 * the role since are not mailed.
 */
export async function remindApprovers(deps: RemindDeps, now: Date): Promise<RemindResult> {
  const directory = await deps.directory();
  const result: RemindResult = { reminded: 0, warned: 0 };
  for (const approval of await deps.store.listPendingApprovals()) {
    if (isExpired(approval.expiresAt, now)) continue;
    const roleEmails = new Set(peopleWithRole(directory, approval.role).map((person) => person.email.toLowerCase()));
    const asked = stillAsked(approval, roleEmails);
    const lastDay = Date.parse(approval.expiresAt) - now.getTime() <= deps.settings.lastWarningMs;
    const due = now.getTime() - Date.parse(approval.createdAt) >= deps.settings.remindAfterMs;
    for (const approver of asked) {
      if (lastDay && !approval.warned?.includes(approver)) {
        await mailNewLink(deps, approval, approver, now, 'last-warning');
        result.warned += 1;
      } else if (due && !lastDay && !approval.reminded?.includes(approver)) {
        await mailNewLink(deps, approval, approver, now, 'reminder');
        result.reminded += 1;
      }
    }
  }
  logger.info('Approval reminders sent', { ...result });
  return result;
}
