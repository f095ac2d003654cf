import { requireEnv } from '@shared/config';

export const NOTIFICATION_ENV = {
  senderEmail: 'SENDER_EMAIL',
} as const;

/** What the notification function reads besides {@link config}: the address the emails come from. */
export const notificationConfig = {
  senderEmail: requireEnv(NOTIFICATION_ENV.senderEmail),
};
