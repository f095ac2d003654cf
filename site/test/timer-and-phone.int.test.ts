import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../test-support/dynamodb';
import { ROOT } from '../../test-support/paths';
import type { LocalPerson } from '../../test-support/people';
import { bearer, localPerson } from '../../test-support/tokens';
import { today } from '../src/lib/activity-form';
import { isoWeekOf } from '../src/lib/week-grid';
import { launchBrowser } from './support/browser';
import { apiUrl, recordThroughApi, signInOnIssuer, startSiteForTests } from './support/site';

/*
 * The timer, the phone width and the small things of the dashboard and week pages, in real
 * Chromium against the local stack, signed in through the local issuer as the seeded people.
 * Diego's timer belongs to this file alone (each test discards whatever timer he has first).
 */

const RESULTS = join(ROOT, 'test-results');
const mary = localPerson('mary@runway.local');
const diego = localPerson('diego@runway.local');
const paulo = localPerson('paulo@runway.local');
const HOUR_MS = 3_600_000;

let browser: Browser;
let site: RunningServer;
const pages: Page[] = [];

async function openAs(person: LocalPerson, path: string, width = 1200): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width, height: 900 },
    ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  pages.push(page);
  await signInOnIssuer(page, site.url, person, path);
  return page;
}

async function callApi(person: LocalPerson, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${apiUrl()}${path}`, {
    method,
    headers: { ...bearer(person), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function recordsOf(
  person: LocalPerson,
  project: string,
): Promise<{ hours: number; date: string; notes?: string }[]> {
  const query = new URLSearchParams({ project, engineerId: person.id });
  const response = await callApi(person, 'GET', `/activities?${query}`);
  return ((await response.json()) as { items: { hours: number; date: string; notes?: string }[] }).items;
}

function uniqueName(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 8)}`;
}

/** A timer as if started `hoursAgo` ago, written straight into the local table (the API only starts one now). */
async function timerStartedAgo(person: LocalPerson, project: string, hoursAgo: number): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: String(process.env.RUNWAY_DYNAMODB_URL),
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  try {
    await client.send(
      new PutCommand({
        TableName: `runway-metrics-api-${process.env.RUNWAY_STAGE ?? 'test'}-timers`,
        Item: {
          engineerId: person.id,
          engineer: person.name,
          customer: 'Acme Corp',
          project,
          activity: 'Build',
          startedAt: new Date(Date.now() - hoursAgo * HOUR_MS).toISOString(),
          timeZone: 'UTC',
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  site = await startSiteForTests();
  browser = await launchBrowser();
});

beforeEach(async () => {
  await callApi(diego, 'DELETE', '/timer');
});

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('the timer', () => {
  it('starts from the form, shows on another device and after a reload, and stops into a record with its notes', async () => {
    const project = uniqueName('Timer project');
    const page = await openAs(diego, 'index.html');
    await page.locator('#customer').fill('Acme Corp');
    await page.locator('#project').fill(project);
    await page.locator('#activity').fill('Build');
    await page.getByRole('button', { name: 'Start timer' }).click();
    await page.locator('#timer-panel', { hasText: `Acme Corp / ${project} / Build` }).waitFor();

    const phone = await openAs(diego, 'index.html', 390);
    await phone.locator('#timer-panel', { hasText: project }).waitFor();
    await phone.screenshot({ path: join(RESULTS, 'timer-phone.png'), fullPage: true });
    await page.reload();
    await page.locator('#timer-panel', { hasText: project }).waitFor();
    await page.screenshot({ path: join(RESULTS, 'timer.png'), fullPage: true });

    await page.locator('#timer-notes').fill('paired on the importer');
    await page.getByRole('button', { name: 'Stop and record' }).click();
    await page.locator('#timer-status', { hasText: 'Timer stopped: 0.25 h recorded' }).waitFor();

    expect(await page.locator('#timer-panel').isVisible()).toBe(false);
    expect(await recordsOf(diego, project)).toEqual([
      expect.objectContaining({ hours: 0.25, date: today(), notes: 'paired on the importer' }),
    ]);
  });

  it('asks what to record for a timer that ran past midnight, and records it on the day it started', async () => {
    const project = uniqueName('Overnight');
    await timerStartedAgo(diego, project, 30);
    const startedOn = new Date(Date.now() - 30 * HOUR_MS).toISOString().slice(0, 10);

    const page = await openAs(diego, 'index.html');
    await page.locator('#timer-question', { hasText: 'ran past midnight' }).waitFor();
    await page.locator('#timer-record-hours').fill('2.5');
    await page.getByRole('button', { name: 'Record these hours' }).click();
    await page.locator('#timer-status', { hasText: `2.5 h recorded on ${startedOn}` }).waitFor();

    expect(await recordsOf(diego, project)).toEqual([expect.objectContaining({ hours: 2.5, date: startedOn })]);
  });

  it('starts from a row of the week', async () => {
    const project = uniqueName('Week row');
    await recordThroughApi(diego, { customer: 'Acme Corp', project, activity: 'Review', date: today(), hours: 1 });

    const page = await openAs(diego, `week.html?week=${isoWeekOf(today())}`);
    await page.getByRole('button', { name: `Start a timer on Review (Acme Corp / ${project})` }).click();
    await page.locator('#timer-panel', { hasText: `Acme Corp / ${project} / Review` }).waitFor();

    const running = (await (await callApi(diego, 'GET', '/timer')).json()) as { timer: { project: string } };
    expect(running.timer.project).toBe(project);
  });
});

describe('at phone width (390 px)', () => {
  it('the dashboard with records does not scroll sideways', async () => {
    await recordThroughApi(mary, {
      customer: 'Acme Corp',
      project: uniqueName('Phone'),
      activity: 'A long activity name that wraps',
      date: today(),
      hours: 1,
      notes: 'Notes that are long enough to need wrapping on a phone screen',
    });
    const phone = await openAs(mary, 'dashboard.html', 390);
    await phone.locator('#records-body tr').first().waitFor();

    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    expect(overflow).toBe(0);
    await phone.screenshot({ path: join(RESULTS, 'dashboard-phone.png'), fullPage: true });
  });

  it("the week grid's Total column is on screen", async () => {
    const phone = await openAs(mary, `week.html?week=${isoWeekOf(today())}`, 390);
    await phone.locator('#grid-body .row-total').first().waitFor();

    const total = await phone.locator('#grid-body .row-total').first().boundingBox();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    expect(total).not.toBeNull();
    expect((total?.x ?? 0) + (total?.width ?? 0)).toBeLessThanOrEqual(390);
    expect(overflow).toBe(0);
    await phone.screenshot({ path: join(RESULTS, 'week-phone.png'), fullPage: true });
  });
});

describe('the dashboard', () => {
  it('opens on the team for a manager with no records of their own', async () => {
    const page = await openAs(paulo, 'dashboard.html');

    await page.locator('#records-title', { hasText: 'Team activities' }).waitFor();
    expect(await page.locator('#filter-view').inputValue()).toBe('team');
  });

  it('offers no Edit or Delete on a record of a submitted week, and says why', async () => {
    const project = uniqueName('Submitted');
    const date = '2026-09-08';
    await recordThroughApi(diego, { customer: 'Acme Corp', project, activity: 'Build', date, hours: 3 });
    expect((await callApi(diego, 'POST', `/weeks/${isoWeekOf(date)}/submit`)).status).toBe(200);

    const page = await openAs(diego, 'dashboard.html');
    await page.locator('#filter-project').fill(project);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.locator('#records-body tr', { hasText: project });
    await row.locator('td.actions', { hasText: 'Week submitted or locked' }).waitFor();

    expect(await row.getByRole('button', { name: /Edit|Delete/ }).count()).toBe(0);
    await callApi(diego, 'POST', `/weeks/${isoWeekOf(date)}/withdraw`);
  });
});

describe('reports', () => {
  it('shows an engineer their own totals per customer and month for a period preset', async () => {
    const customer = uniqueName('Report customer');
    await recordThroughApi(mary, { customer, project: 'Reports', activity: 'Build', date: today(), hours: 3 });
    const page = await openAs(mary, 'dashboard.html');

    await page.locator('#filter-period').selectOption('this-quarter');
    await page.locator('#group-by').selectOption('customer');
    await page.locator('#then-by').selectOption('month');

    const month = today().slice(0, 7);
    await page.locator('#summary-body tr', { hasText: `${customer} · ${month}` }).waitFor();
    expect(await page.locator('#summary-title').textContent()).toBe('My total hours');
    await page.screenshot({ path: join(RESULTS, 'report.png'), fullPage: true });
  });
});

describe('the week page', () => {
  it('saving notes closes the panel and shows the marker at once; notes are read to the keyboard', async () => {
    const project = uniqueName('Notes');
    const week = '2026-09-21';
    await recordThroughApi(mary, { customer: 'Acme Corp', project, activity: 'Notes', date: week, hours: 2 });
    const page = await openAs(mary, `week.html?week=${isoWeekOf(week)}`);
    const row = page.locator('#grid-body tr', { hasText: project });
    const input = row.locator('td.cell input[data-day="0"]');
    await input.focus();
    await page.locator('#notes-editor').waitFor();

    await page.locator('#cell-notes').fill('Met the customer');
    await page.getByRole('button', { name: 'Save notes' }).click();

    await row.locator('td.cell.has-notes').waitFor();
    expect(await page.locator('#notes-editor').isVisible()).toBe(false);
    const describedBy = (await row.locator('td.cell input[data-day="0"]').getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate(
      (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
      describedBy.split(' '),
    );
    expect(description).toContain('Notes: Met the customer');
  });

  it('reads the week again after a refused write (submitted elsewhere meanwhile)', async () => {
    const project = uniqueName('Refused');
    const date = '2026-09-28';
    await recordThroughApi(mary, { customer: 'Acme Corp', project, activity: 'Build', date, hours: 2 });
    const page = await openAs(mary, `week.html?week=${isoWeekOf(date)}`);
    const input = page.locator('#grid-body tr', { hasText: project }).locator('td.cell input[data-day="0"]');
    await input.waitFor();
    expect((await callApi(mary, 'POST', `/weeks/${isoWeekOf(date)}/submit`)).status).toBe(200);

    await input.fill('4');
    await input.press('Enter');

    await page.locator('#week-state', { hasText: 'submitted' }).waitFor();
    expect(
      await page.locator('#grid-body tr', { hasText: project }).locator('td.cell input[data-day="0"]').isDisabled(),
    ).toBe(true);
    await callApi(mary, 'POST', `/weeks/${isoWeekOf(date)}/withdraw`);
  });
});
