import { type Email, escapeHtml } from '@shared/mail/mailer';
import { byCodeUnits } from '@shared/order';
import type { WeekId } from './iso-week';
import type { Person } from './people';
import type { WeekHours } from './week-state';

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

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/**
 * British English's short month names, as ICU's en-GB has them ("Sept"). Written out rather than
 * asked of `toLocaleDateString`: its first call loads ICU's date data, ≈ 22 ms of a cold start.
 */
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

/** `30 Nov` for 2026-11-30. */
function dayLabel(date: string): string {
  const [, month = 1, day = 1] = date.split('-').map(Number);
  return `${day} ${MONTH_NAMES[month - 1]}`;
}

/** `Mon 30 Nov 8 h, Tue 1 Dec 7.5 h`: the days of the week that have hours. */
export function hoursPerDay(hours: WeekHours): string {
  const days = Object.entries(hours.byDate)
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([date, value], index) => ({ date, value, name: DAY_NAMES[index] ?? '' }))
    .filter((day) => day.value > 0)
    .map((day) => `${day.name} ${dayLabel(day.date)} ${day.value} h`);
  return days.length === 0 ? 'no hours' : days.join(', ');
}

/** What a manager's decision says to the engineer: the outcome, what it covered, and what they wrote. */
export interface DecisionNotice {
  action: 'approve' | 'reject' | 'reopen';
  week: WeekId;
  engineer: { email: string; name: string };
  manager: string;
  /** The comment (approve, reject) or the reason (reopen). */
  comment?: string;
  /** The revision and hours the decision was taken on (approve, reject). */
  revision?: number;
  hours?: WeekHours;
  link: string;
}

/** To an engineer: a manager approved, rejected or reopened their week. */
export function decisionEmail(notice: DecisionNotice): Email {
  const { week, manager, hours, comment } = notice;
  const covered =
    hours === undefined ? [] : [`It covers ${hours.week} hours (revision ${notice.revision}): ${hoursPerDay(hours)}.`];
  const said = comment === undefined || comment === '' ? [] : [`${manager} wrote: "${comment}"`];
  const text = {
    approve: {
      subject: `Your week ${week} was approved (${hours?.week ?? 0} h)`,
      lines: [`${manager} approved your week ${week}. It is locked now.`, ...covered, ...said],
    },
    reject: {
      subject: `Your week ${week} was rejected`,
      lines: [`${manager} rejected your week ${week}.`, ...said, ...covered, 'Change it and submit it again.'],
    },
    reopen: {
      subject: `Your week ${week} was reopened`,
      lines: [
        `${manager} reopened your approved week ${week}; it is open again.`,
        ...said,
        'Change it and submit it again.',
      ],
    },
  }[notice.action];
  return email(notice.engineer.email, text.subject, [`Hello ${notice.engineer.name},`, ...text.lines], {
    label: 'Open the week',
    href: notice.link,
  });
}
