import { type Email, escapeHtml } from '@shared/mail/mailer';
import type { WeekId } from './iso-week';
import type { Person } from './people';

/** The site's link to one engineer's week (the page asks the reader to sign in). */
export function weekLink(siteUrl: string, week: WeekId, engineerId?: string): string {
  const url = new URL(`${siteUrl}/week.html`);
  url.searchParams.set('week', week);
  if (engineerId !== undefined) url.searchParams.set('engineer', engineerId);
  return url.href;
}

function email(to: string, subject: string, lines: string[], link: { label: string; href: string }): Email {
  const paragraphs = lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return {
    to,
    subject,
    text: `${lines.join('\n\n')}\n\n${link.label}: ${link.href}\n`,
    html: `${paragraphs}\n<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`,
  };
}

/** To a manager: an engineer's week waits for their decision. */
export function submittedEmail(manager: Person, engineer: string, week: WeekId, hours: number, link: string): Email {
  return email(
    manager.email,
    `${engineer} submitted ${week} (${hours} h) for approval`,
    [
      `Hello ${manager.name},`,
      `${engineer} submitted the week ${week} with ${hours} hours. Sign in to approve it or reject it with a comment.`,
    ],
    { label: 'Review the week', href: link },
  );
}

/** To an engineer: work days of this week have no hours yet. */
export function reminderEmail(engineer: Person, week: WeekId, missing: readonly string[], link: string): Email {
  return email(
    engineer.email,
    `Your week ${week} has ${missing.length} day${missing.length === 1 ? '' : 's'} without hours`,
    [`Hello ${engineer.name},`, `These work days of ${week} have no hours yet: ${missing.join(', ')}.`],
    { label: 'Fill in your week', href: link },
  );
}
