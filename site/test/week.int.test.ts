import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../test-support/dynamodb';
import { ROOT } from '../../test-support/paths';
import type { LocalPerson } from '../../test-support/people';
import { readInbox } from '../../test-support/ses';
import { localPerson } from '../../test-support/tokens';
import { isoWeekOf, nextWeekDate } from '../src/lib/week-grid';
import { launchBrowser } from './support/browser';
import { recordThroughApi, signInOnIssuer, startSiteForTests } from './support/site';

/*
 * The week page in real Chromium against the local stack: the API under serverless-offline with
 * its token verifier, dynalite, the SES inbox, and sign-in through the local issuer's own page as
 * the seeded people (test-support/people.ts). Each person gets a fresh page (its own browser
 * context), as two people on two machines would. The weeks here (2026-W41/W42, 2026-W45) are
 * ones no other test of the seeded people uses.
 */

const RESULTS = join(ROOT, 'test-results');
const mary = localPerson('mary@runway.local');
const diego = localPerson('diego@runway.local');
const paulo = localPerson('paulo@runway.local');
let browser: Browser;
let site: RunningServer;
let page: Page;

/**
 * Opens a page of the site as a new visitor, which sends the browser to the local issuer's
 * sign-in page; signs in there as the person and waits until the page shows their name.
 */
async function signInAs(person: LocalPerson, path: string): Promise<void> {
  await page?.close();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await signInOnIssuer(page, site.url, person, path);
}

/** Records an activity for a person straight through the API. */
function record(person: LocalPerson, fields: { activity: string; date: string; hours: number }): Promise<void> {
  return recordThroughApi(person, { customer: 'Acme Corp', project: 'Data platform', ...fields });
}

async function waitForText(selector: string, text: string): Promise<void> {
  try {
    await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
  } catch {
    expect(await page.locator(selector).allTextContents()).toContain(text);
  }
}

const cell = (row: number, day: number) => page.locator(`#grid-body input[data-row="${row}"][data-day="${day}"]`);

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  site = await startSiteForTests();
  browser = await launchBrowser();
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await site?.close();
});

test('an engineer fills a week with the keyboard, copies last week, submits; the manager approves from the email; the week is locked', async () => {
  // Last week (2026-W41, 5–11 October) has two rows.
  await record(mary, { activity: 'Build', date: '2026-10-05', hours: 6 });
  await record(mary, { activity: 'Review', date: '2026-10-06', hours: 2 });

  await signInAs(mary, 'week.html?week=2026-W42');
  await waitForText('#week-label', '2026-W42 · 12 Oct – 18 Oct');
  await page.getByRole('button', { name: "Copy last week's rows" }).click();
  await cell(1, 0).waitFor();

  // Keyboard only: Monday of the first row, then Enter goes down, arrows go right and up.
  await cell(0, 0).focus();
  await page.keyboard.type('8');
  await page.keyboard.press('Enter');
  await page.keyboard.type('1,5');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('abc');
  await page.keyboard.press('ArrowUp');
  await waitForText('#cell-error-1-1', 'Hours must be a number above 0 and at most 24 (two decimals).');
  await page.keyboard.type('7.5');
  await page.keyboard.press('Tab');
  await waitForText('#week-total', '17');
  await cell(1, 1).fill('');
  await cell(1, 1).press('Enter');
  await page.waitForFunction(() => document.querySelector('#cell-error-1-1')?.textContent === '', undefined, {
    timeout: 10_000,
  });
  expect(await page.locator('#week-total').textContent()).toBe('17');
  await page.screenshot({ path: join(RESULTS, 'week.png'), fullPage: true });

  await page.getByRole('button', { name: 'Submit week for approval' }).click();
  await waitForText('#week-state', 'submitted');
  // Submitted, the week is frozen until withdrawn: no cell takes hours, and the page says why.
  await waitForText('#week-status', 'It is frozen while a manager decides: withdraw it to change it.');
  expect(await cell(0, 0).isDisabled()).toBe(true);
  await page.getByRole('button', { name: 'Withdraw to change it' }).click();
  await waitForText('#week-state', 'open');
  await waitForText('#history li', 'withdraw by');
  await page.getByRole('button', { name: 'Submit week for approval' }).click();
  await waitForText('#week-state', 'submitted');

  const [email] = (await readInbox(String(process.env.RUNWAY_SES_URL))).filter(
    (stored) => stored.destination.to.includes(paulo.email) && stored.subject.includes('2026-W42'),
  );
  expect(email?.subject).toBe(`${mary.name} submitted 2026-W42 (17 h) for approval`);
  const link = new URL(/Review the week: (\S+)/.exec(email?.body.text ?? '')?.[1] ?? 'http://missing');
  expect(link.pathname).toBe('/week.html');
  expect(Object.fromEntries(link.searchParams)).toEqual({ week: '2026-W42', engineer: mary.id });

  // The manager opens the emailed link (on this test's site server), signs in, and decides.
  await signInAs(paulo, `week.html${link.search}`);
  await waitForText('#week-title', `Week of ${mary.name}`);
  await waitForText('#week-total', '17');
  await waitForText('#decision-covers', 'Approving approves what was submitted: 17 h: Mon 9.5, Tue 7.5 (revision');
  await page.getByRole('button', { name: 'Approve' }).click();
  await waitForText('#week-state', 'approved · locked');
  await waitForText('#history li', `approve by ${paulo.name}`);
  await page.screenshot({ path: join(RESULTS, 'week-manager.png'), fullPage: true });

  await signInAs(mary, 'week.html?week=2026-W42');
  await waitForText('#week-state', 'approved · locked');
  expect(await cell(0, 0).isDisabled()).toBe(true);
  expect(await page.locator('#edit-tools').isHidden()).toBe(true);
});

test('on a phone the week is shown day by day, without sideways scrolling', async () => {
  await signInAs(diego, 'week.html?week=2026-W45');
  await page.setViewportSize({ width: 390, height: 800 });
  await waitForText('#day-label', 'Mon 2 Nov');
  await page.getByRole('button', { name: 'Next day' }).click();
  await waitForText('#day-label', 'Tue 3 Nov');
  expect(await page.locator('#grid-head th[data-day="1"]').isVisible()).toBe(true);
  expect(await page.locator('#grid-head th[data-day="0"]').isVisible()).toBe(false);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(RESULTS, 'week-phone.png'), fullPage: true });
});

test('next week can be planned: copying this week with hours fills the week ahead', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const thisWeek = isoWeekOf(today);
  const monday = new Date(`${today}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const mondayDate = monday.toISOString().slice(0, 10);
  await record(diego, { activity: 'Leave', date: mondayDate, hours: 8 });

  // Other browser tests (the timer's) may record on Diego's days of this week too: the copy carries
  // whatever this week holds, so next week's total must be this week's.
  await signInAs(diego, `week.html?week=${thisWeek}`);
  await page
    .locator('#week-total')
    .filter({ hasNotText: /^\s*0\s*$/ })
    .first()
    .waitFor({ timeout: 10_000 });
  const thisWeekTotal = (await page.locator('#week-total').textContent())?.trim() ?? '';
  await page.getByRole('button', { name: 'Next week →' }).click();
  await waitForText('#week-label', isoWeekOf(nextWeekDate(mondayDate)));
  await page.getByRole('button', { name: 'Copy last week with hours' }).click();
  await page
    .locator('#week-status')
    .filter({ hasText: new RegExp(`Copied \\d+ records from ${thisWeek}\\.`) })
    .first()
    .waitFor({ timeout: 10_000 });
  await waitForText('#week-total', thisWeekTotal);
});
