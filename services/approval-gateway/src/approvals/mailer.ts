import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

export interface Email {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Sends one email; SES in production. */
export interface Mailer {
  send(email: Email): Promise<void>;
}

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
