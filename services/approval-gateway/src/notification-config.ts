import { optionalEnv, requireEnv } from '@shared/config';
import { parseApproverDirectory } from './approvals/approvers';

export const NOTIFICATION_ENV = {
  approvers: 'APPROVERS',
  pipelineApprovers: 'PIPELINE_APPROVERS',
  senderEmail: 'SENDER_EMAIL',
} as const;

/** What the notification function reads besides {@link config}: who is asked, and from which address. */
export const notificationConfig = {
  directory: parseApproverDirectory(
    optionalEnv(NOTIFICATION_ENV.approvers, ''),
    optionalEnv(NOTIFICATION_ENV.pipelineApprovers, '{}'),
  ),
  senderEmail: requireEnv(NOTIFICATION_ENV.senderEmail),
};
