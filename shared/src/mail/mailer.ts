import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

export interface Email {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Sends one email; SES in production, the local SES emulator on `npm start`. */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/** A Mailer over SES (v1 SendEmail), from one verified address. */
export function sesMailer(client: SESClient, from: string): Mailer {
  return {
    async send(email) {
      await client.send(
        new SendEmailCommand({
          Source: from,
          Destination: { ToAddresses: [email.to] },
          Message: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        }),
      );
    },
  };
}

/** Escapes text for an HTML email body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
