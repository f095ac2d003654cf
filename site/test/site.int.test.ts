import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildSite, SITE_DIST } from '../../scripts/build-site';
import type { RunningServer } from '../../scripts/local/dynamodb';
import { ROOT } from '../../scripts/local/paths';
import { startSiteServer } from '../../scripts/local/site-server';
import { launchBrowser } from './support/browser';

interface Activity {
  id: string;
  engineer: string;
  project: string;
  hours: number;
}

const RESULTS = join(ROOT, 'test-results');
const apiUrl = () => String(process.env.RUNWAY_METRICS_API_URL);

let browser: Browser;
let site: RunningServer;
let page: Page;

async function listFor(engineer: string): Promise<Activity[]> {
  const response = await fetch(`${apiUrl()}/activities?${new URLSearchParams({ engineer })}`);
  return ((await response.json()) as { items: Activity[] }).items;
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
  await buildSite();
  site = await startSiteServer({ port: Number(process.env.RUNWAY_SITE_PORT ?? 0), root: SITE_DIST, apiUrl: apiUrl() });
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

describe('the activity form', () => {
  it('stores a submitted activity, confirms it and clears the form but keeps the engineer', async () => {
    const engineer = uniqueName('Form Engineer');
    await page.goto(`${site.url}/index.html`);
    await expect(page.locator('#date').inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);

    await fillForm({
      engineer,
      customer: 'Acme Corp',
      project: 'Browser tests',
      activity: 'Wrote tests',
      hours: '1.5',
    });
    await page.screenshot({ path: join(RESULTS, 'form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await page.locator('#activity').inputValue()).toBe('');
    expect(await page.locator('#engineer').inputValue()).toBe(engineer);
    const stored = await listFor(engineer);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ project: 'Browser tests', hours: 1.5 });
  });

  it('shows a field error for bad hours before sending anything', async () => {
    const engineer = uniqueName('Bad Hours');
    await page.goto(`${site.url}/index.html`);

    await fillForm({ engineer, customer: 'Acme', project: 'P', activity: 'A', hours: '25' });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await expectTextOf('#hours-error', 'Hours can be at most 24.');
    expect(await page.locator('#hours').getAttribute('aria-invalid')).toBe('true');
    expect(await listFor(engineer)).toHaveLength(0);
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
    await page.goto(`${site.url}/index.html`);

    await fillForm({ engineer: 'E', customer: 'C', project: 'Closed project', activity: 'A', hours: '1' });
    await page.getByRole('button', { name: 'Save activity' }).click();

    await expectTextOf('#project-error', 'Project is closed.');
  });

  it('stores one record when the button is clicked twice', async () => {
    const engineer = uniqueName('Double Click');
    await page.goto(`${site.url}/index.html`);

    await fillForm({ engineer, customer: 'Acme', project: 'P', activity: 'A', hours: '2' });
    await page.getByRole('button', { name: 'Save activity' }).dblclick();

    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await listFor(engineer)).toHaveLength(1);
  });
});

describe('accessibility and small screens', () => {
  it('can be filled and submitted with the keyboard alone', async () => {
    const engineer = uniqueName('Keyboard');
    await page.goto(`${site.url}/index.html`);

    await page.locator('#engineer').focus();
    await page.keyboard.type(engineer);
    for (const value of ['Acme', 'Keyboard project', 'Typing']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(value);
    }
    await page.locator('#hours').focus();
    await page.keyboard.type('0.75');
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await listFor(engineer))[0]).toMatchObject({ project: 'Keyboard project', hours: 0.75 });
  });

  it('labels every form control', async () => {
    await page.goto(`${site.url}/index.html`);

    const unlabelled = await page.$$eval('input, textarea, select', (controls) =>
      controls.filter((control) => (control as HTMLInputElement).labels?.length === 0).map((control) => control.id),
    );

    expect(unlabelled).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
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
  it('lists, edits and deletes a record, and the chart follows', async () => {
    const engineer = uniqueName('Dash');
    const project = uniqueName('Chart project');
    await fetch(`${apiUrl()}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ engineer, customer: 'Acme', project, activity: 'Review', date: '2026-11-20', hours: 2 }),
    });
    await page.goto(`${site.url}/dashboard.html`);

    await page.locator('#filter-engineer').fill(engineer);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.locator('#records-body tr', { hasText: project });
    await row.waitFor();
    await page.locator(`#chart g[data-key="${project}"]`).waitFor();
    await expectTextOf(`#chart g[data-key="${project}"] .chart-value`, '2 h');
    await page.screenshot({ path: join(RESULTS, 'dashboard.png'), fullPage: true });

    await row.getByRole('button', { name: /Edit/ }).click();
    await page.locator('#edit-hours').fill('3.25');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#records-body tr', { hasText: '3.25' }).waitFor();
    await page.locator(`#chart g[data-key="${project}"] .chart-value`, { hasText: '3.25 h' }).waitFor();
    expect((await listFor(engineer))[0]?.hours).toBe(3.25);

    page.once('dialog', (dialog) => void dialog.accept());
    await page
      .locator('#records-body tr', { hasText: project })
      .getByRole('button', { name: /Delete/ })
      .click();
    await page.locator('#records-body', { hasText: 'No records match these filters.' }).waitFor();
    expect(await listFor(engineer)).toHaveLength(0);
  });

  it('downloads the current filter as CSV', async () => {
    const engineer = uniqueName('Csv');
    for (const hours of [1, 2]) {
      await fetch(`${apiUrl()}/activities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          engineer,
          customer: 'Acme',
          project: 'CSV',
          activity: `Task ${hours}`,
          date: `2026-11-2${hours}`,
          hours,
        }),
      });
    }
    await page.goto(`${site.url}/dashboard.html`);
    await page.locator('#filter-engineer').fill(engineer);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('#records-body tr', { hasText: 'Task 2' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const path = join(RESULTS, 'activities.csv');
    await download.saveAs(path);

    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,engineer,customer,project,activity,date,hours,notes,createdAt,updatedAt');
    expect(lines.slice(1).map((line) => line.split(',').slice(1, 7).join(','))).toEqual([
      `${engineer},Acme,CSV,Task 2,2026-11-22,2`,
      `${engineer},Acme,CSV,Task 1,2026-11-21,1`,
    ]);
  });
});
