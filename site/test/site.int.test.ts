import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Browser, Page } from 'playwright-core';
import { injectTransactionConflicts } from '../../test-support/dynalite-transactions';
import type { RunningServer } from '../../test-support/dynamodb';
import { localStackEnv } from '../../test-support/local-stack';
import { ROOT } from '../../test-support/paths';
import type { LocalPerson } from '../../test-support/people';
import { bearer, localPerson, OIDC_ENV } from '../../test-support/tokens';
import { launchBrowser } from './support/browser';
import { apiUrl, recordThroughApi, signInOnIssuer, startSiteForTests } from './support/site';

interface Activity {
  id: string;
  engineerId: string;
  engineer: string;
  recordedBy?: { id: string; name: string };
  project: string;
  hours: number;
}

const RESULTS = join(ROOT, 'test-results');
// The seeded people of the local issuer (test-support/people.ts).
const mary = localPerson('mary@runway.local');
const diego = localPerson('diego@runway.local');
const paulo = localPerson('paulo@runway.local');

let browser: Browser;
let site: RunningServer;
let page: Page;

/** Every record of a project, as the manager sees them through the API. */
async function listFor(project: string): Promise<Activity[]> {
  const response = await fetch(`${apiUrl()}/activities?${new URLSearchParams({ project })}`, {
    headers: bearer(paulo),
  });
  return ((await response.json()) as { items: Activity[] }).items;
}

/** Records an activity for a person straight through the API. */
function record(person: LocalPerson, fields: Record<string, unknown>): Promise<void> {
  return recordThroughApi(person, { customer: 'Acme', activity: 'Review', date: '2026-11-20', hours: 2, ...fields });
}

function signInAs(person: LocalPerson, path = 'index.html', on: Page = page): Promise<void> {
  return signInOnIssuer(on, site.url, person, path);
}

async function fillForm(values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    await page.locator(`#activity-form [name="${name}"]`).fill(value);
  }
}

/** Waits for an element's text, because the page updates it after a fetch; reports the last text seen on timeout. */
async function expectTextOf(selector: string, expected: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel)?.textContent === text,
      [selector, expected] as const,
      { timeout: 10_000 },
    );
  } catch {
    expect(await page.locator(selector).textContent()).toBe(expected);
  }
}

function uniqueName(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 8)}`;
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  site = await startSiteForTests();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
});

afterEach(async () => {
  await page.close();
});

describe('signing in and out', () => {
  it('sends a visitor to sign in first, then shows the signed-in name on every page', async () => {
    await signInAs(mary);
    await page.screenshot({ path: join(RESULTS, 'signed-in.png'), fullPage: true });

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('#signed-in-name', { hasText: mary.name }).waitFor();
  });

  it('renews an expired ID token with the refresh token, without a new sign-in', async () => {
    await signInAs(mary);
    const stored = () =>
      page.evaluate(() => {
        const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user'));
        return key === undefined
          ? undefined
          : (JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>);
      });
    const before = await stored();
    expect(before?.refresh_token).toEqual(expect.any(String));
    // Make the stored session look an hour old: its ID token has expired.
    await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user')) ?? '';
      const user = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { expires_at: number };
      sessionStorage.setItem(key, JSON.stringify({ ...user, expires_at: Math.floor(Date.now() / 1000) - 60 }));
    });

    await page.reload();
    await page.locator('#signed-in-name', { hasText: mary.name }).waitFor();

    expect(page.url()).toBe(`${site.url}/index.html`);
    const after = await stored();
    expect(after?.id_token).not.toBe(before?.id_token);
    expect(Number(after?.expires_at)).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses a wrong password on the sign-in page', async () => {
    await page.goto(`${site.url}/index.html`);
    await page.getByLabel('Email').fill(mary.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('alert').filter({ hasText: 'Incorrect email or password.' }).waitFor();
  });

  it('signs out and sends the person back to sign in', async () => {
    await signInAs(mary);

    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.waitForURL((url) => url.href.startsWith(`${process.env[OIDC_ENV.issuer]}/interaction/`));
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user')))).toEqual(
      [],
    );
  });
});

describe('the activity form', () => {
  it("stores a submitted activity as the signed-in engineer's, confirms it and clears the form", async () => {
    const project = uniqueName('Browser tests');
    await signInAs(mary);
    await expect(page.locator('#date').inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('#activity-form [name="engineer"]').count()).toBe(0);

    await fillForm({ customer: 'Acme Corp', project, activity: 'Wrote tests', hours: '1.5' });
    await page.screenshot({ path: join(RESULTS, 'form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await page.locator('#activity').inputValue()).toBe('');
    const stored = await listFor(project);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ engineerId: mary.id, engineer: mary.name, hours: 1.5 });
  });

  it('lets a manager record for an engineer, and the record says who recorded it', async () => {
    const project = uniqueName('For Mary');
    await record(mary, { project: uniqueName('Earlier') });
    await signInAs(paulo);

    await page
      .locator('#for-engineer option', { hasText: new RegExp(`^${mary.name}$`) })
      .waitFor({ state: 'attached' });
    await page.locator('#for-engineer').selectOption({ label: mary.name });
    await fillForm({ customer: 'Acme', project, activity: 'Pairing', hours: '1' });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: `Saved for ${mary.name}` })
      .waitFor();
    expect(await listFor(project)).toEqual([
      expect.objectContaining({ engineerId: mary.id, recordedBy: { id: paulo.id, name: paulo.name } }),
    ]);
  });

  it('does not offer engineers the choice of whom to record for', async () => {
    await signInAs(mary);

    expect(await page.locator('#for-engineer').isVisible()).toBe(false);
  });

  it('shows a field error for bad hours before sending anything', async () => {
    const project = uniqueName('Bad Hours');
    await signInAs(mary);

    await fillForm({ customer: 'Acme', project, activity: 'A', hours: '25' });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await expectTextOf('#hours-error', 'Hours can be at most 24.');
    expect(await page.locator('#hours').getAttribute('aria-invalid')).toBe('true');
    expect(await listFor(project)).toHaveLength(0);
  });

  it('shows the field errors the API returns next to the fields', async () => {
    await page.route('**/activities', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: JSON.stringify({ message: 'Invalid request', errors: [{ field: 'project', problem: 'is closed' }] }),
          })
        : route.continue(),
    );
    await signInAs(mary);

    await fillForm({ customer: 'C', project: 'Closed project', activity: 'A', hours: '1' });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await expectTextOf('#project-error', 'Project is closed.');
  });

  it('waits out a busy answer and saves the record once, without the engineer sending it again', async () => {
    const project = uniqueName('Busy Moment');
    const notes = uniqueName('saved after a busy answer');
    // The write and its four retries meet other writes (503, Retry-After: 1); the site's one more try does not.
    await injectTransactionConflicts(localStackEnv('RUNWAY_DYNAMODB_URL'), notes, 5);
    await signInAs(mary);

    await fillForm({ customer: 'Acme', project, activity: 'Busy', hours: '1', notes });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const stored = await listFor(project);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ notes, hours: 1 });
  });

  it('stores one record when the button is clicked twice', async () => {
    const project = uniqueName('Double Click');
    await signInAs(mary);

    await fillForm({ customer: 'Acme', project, activity: 'A', hours: '2' });
    await page.getByRole('button', { name: 'Save activity' }).dblclick();

    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await listFor(project)).toHaveLength(1);
  });
});

describe('accessibility and small screens', () => {
  it('can be filled and submitted with the keyboard alone', async () => {
    const project = uniqueName('Keyboard project');
    await signInAs(mary);

    await page.locator('#customer').focus();
    await page.keyboard.type('Acme');
    for (const value of [project, 'Typing']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(value);
    }
    await page.locator('#hours').focus();
    await page.keyboard.type('0.75');
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await listFor(project))[0]).toMatchObject({ project, hours: 0.75 });
  });

  it('labels every form control', async () => {
    await signInAs(mary);

    const unlabelled = await page.$$eval('input, textarea, select', (controls) =>
      controls.filter((control) => (control as HTMLInputElement).labels?.length === 0).map((control) => control.id),
    );

    expect(unlabelled).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await signInAs(paulo, 'index.html', phone);
      for (const path of ['index.html', 'dashboard.html']) {
        await phone.goto(`${site.url}/${path}`);
        await phone.locator('h1').waitFor();
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      }
      await phone.goto(`${site.url}/index.html`);
      await phone.screenshot({ path: join(RESULTS, 'form-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});

describe('the dashboard', () => {
  /**
   * Every seeded person of the shared integration stack has records (other tests write them), so
   * "nobody's own records yet" is the list answer made empty in the browser: the empty list the API
   * gives a new person is its own test; here the page's reading of it is under test.
   */
  async function answerOwnListEmpty(person: LocalPerson): Promise<void> {
    await page.route(
      (url) => url.pathname.endsWith('/activities') && url.searchParams.get('engineerId') === person.id,
      (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[],"nextCursor":null}' }),
    );
  }

  it('tells an engineer with no records how to start, not that filters hide them', async () => {
    await answerOwnListEmpty(mary);
    await signInAs(mary, 'dashboard.html');

    const empty = page.locator('#records-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toBe(
      'You have no records yet. Record an activity (or start a timer there), or fill in your week.',
    );
    expect(await empty.getByRole('link', { name: 'Record an activity' }).getAttribute('href')).toBe('index.html');
    expect(await empty.getByRole('link', { name: 'your week' }).getAttribute('href')).toBe('week.html');

    await page.locator('#filter-customer').fill('Nobody Ltd');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expectTextOf('#records-empty', 'No records match these filters.');
  });

  it('opens a manager with no records of their own on the team', async () => {
    const project = uniqueName('Team first');
    await record(mary, { project });
    await answerOwnListEmpty(paulo);
    await signInAs(paulo, 'dashboard.html');

    await expectTextOf('#records-title', 'Team activities');
    expect(await page.locator('#filter-view').inputValue()).toBe('team');
    // Others' records, newest first: the team's page, not an empty "my activities".
    await page
      .locator('#records-body tr', { hasText: /Mary Major|Diego Ramirez/ })
      .first()
      .waitFor();
  });

  it('lists, edits and deletes my own record', async () => {
    const project = uniqueName('Dash project');
    await record(mary, { project, hours: 2 });
    await signInAs(mary, 'dashboard.html');

    await page.locator('#filter-project').fill(project);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.locator('#records-body tr', { hasText: project });
    await row.waitFor();
    await page.screenshot({ path: join(RESULTS, 'dashboard.png'), fullPage: true });

    await row.getByRole('button', { name: /Edit/ }).click();
    await page.locator('#edit-hours').fill('3.25');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#records-body tr', { hasText: '3.25' }).waitFor();
    expect((await listFor(project))[0]?.hours).toBe(3.25);

    page.once('dialog', (dialog) => void dialog.accept());
    await page
      .locator('#records-body tr', { hasText: project })
      .getByRole('button', { name: /Delete/ })
      .click();
    await page.locator('#records-body', { hasText: 'No records match these filters.' }).waitFor();
    expect(await listFor(project)).toHaveLength(0);
  });

  it('shows an engineer only their own records, and no team view', async () => {
    const project = uniqueName('Shared project');
    await record(mary, { project, activity: 'Mary work' });
    await record(diego, { project, activity: 'Diego work' });
    await signInAs(mary, 'dashboard.html');

    await page.locator('#filter-project').fill(project);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The unfiltered first page may still be showing: wait for the filtered one (only this project's rows).
    await page.waitForFunction((name) => {
      const rows = [...document.querySelectorAll('#records-body tr')];
      return rows.length > 0 && rows.every((row) => row.textContent?.includes(name));
    }, project);

    expect(await page.locator('#records-body tr').allTextContents()).toEqual([expect.stringContaining('Mary work')]);
    expect(await page.locator('#filter-view').isVisible()).toBe(false);
    // Their own totals: the summary of the filtered records, Mary's only.
    await expectTextOf('#summary-title', 'My total hours');
    await page.locator('#summary-body tr', { hasText: project }).waitFor();
    expect(await page.locator('#summary-body tr').allTextContents()).toEqual([`${project}21`]);
  });

  it("shows a manager both engineers' records and the chart in the team view", async () => {
    const project = uniqueName('Team project');
    await record(mary, { project, activity: 'Mary work', hours: 1 });
    await record(diego, { project, activity: 'Diego work', hours: 2 });
    await signInAs(paulo, 'dashboard.html');
    // Paulo records nothing of his own: his dashboard opens on the team.
    await expectTextOf('#records-title', 'Team activities');

    await page.locator('#filter-view').selectOption('team');
    await page.locator('#filter-project').fill(project);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Rows of this test's project only: the unfiltered team list may still show other tests' records.
    const rows = page.locator('#records-body tr', { hasText: project });
    await rows.filter({ hasText: 'Diego work' }).waitFor();
    await rows.filter({ hasText: 'Mary work' }).waitFor();
    await expectTextOf(`#chart g[data-key="${project}"] .chart-value`, '3 h');
    await page.screenshot({ path: join(RESULTS, 'dashboard-team.png'), fullPage: true });

    await page.locator('#group-by').selectOption('engineer');
    await page.locator(`#chart g[data-key="${diego.name}"]`).waitFor();
    await page.locator(`#chart g[data-key="${mary.name}"]`).waitFor();
  });

  it('downloads the current filter as CSV', async () => {
    const project = uniqueName('CSV');
    for (const hours of [1, 2]) {
      await record(mary, { project, activity: `Task ${hours}`, date: `2026-11-2${hours}`, hours });
    }
    await signInAs(mary, 'dashboard.html');
    await page.locator('#filter-project').fill(project);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('#records-body tr', { hasText: 'Task 2' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`activities_${project.replaceAll(' ', '-')}_all-dates.csv`);
    const path = join(RESULTS, 'activities.csv');
    await download.saveAs(path);

    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('engineer,customer,project,activity,date,hours,notes,recordedBy,createdAt,updatedAt');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 6).join(','))).toEqual([
      `${mary.name},Acme,${project},Task 2,2026-11-22,2`,
      `${mary.name},Acme,${project},Task 1,2026-11-21,1`,
    ]);
  });
});

describe('the local inbox', () => {
  it("opens an email's link in a tab of its own, not inside the inbox's frame", async () => {
    const sesUrl = String(process.env.RUNWAY_SES_URL);
    const subject = uniqueName('Week submitted');
    const ses = new SESClient({
      endpoint: sesUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await ses.send(
      new SendEmailCommand({
        Source: 'runway@runway.local',
        Destination: { ToAddresses: ['paulo@runway.local'] },
        Message: {
          Subject: { Data: subject },
          Body: { Html: { Data: `<p><a href="${site.url}/week.html">Review the week</a></p>` } },
        },
      }),
    );
    ses.destroy();

    await page.goto(sesUrl);
    const email = page.locator('.email', { hasText: subject });
    await email.getByRole('button', { name: 'Toggle HTML view' }).click();
    const opened = page.waitForEvent('popup');
    await email.frameLocator('iframe').getByRole('link', { name: 'Review the week' }).click();
    const tab = await opened;

    await tab.waitForURL(
      (url) => url.href.startsWith(String(process.env[OIDC_ENV.issuer])) || url.pathname.endsWith('/week.html'),
    );
    expect(page.url()).toBe(`${sesUrl}/`);
    await tab.close();
  });
});
