import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../test-support/dynamodb';
import { bearer, localPerson } from '../../test-support/tokens';
import { launchBrowser } from './support/browser';
import { apiUrl, signInOnIssuer, startSiteForTests } from './support/site';

// The seeded people of the local issuer (test-support/people.ts): an engineer and a manager.
const mary = localPerson('mary@runway.local');
const paulo = localPerson('paulo@runway.local');

let browser: Browser;
let site: RunningServer;
let page: Page;

const uniqueName = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`;

/** The manager keeps the catalogue through the API. */
async function asManager<T>(method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: { ...bearer(paulo), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as T;
}

async function customerWithProjects(): Promise<{ customer: string; open: string; archived: string }> {
  const customer = uniqueName('Umbrella');
  const { id } = await asManager<{ id: string }>('POST', '/catalogue/customers', { name: customer });
  const open = uniqueName('Vaccine');
  const archived = uniqueName('Hive');
  await asManager('POST', '/catalogue/projects', { customerId: id, name: open });
  const closed = await asManager<{ id: string }>('POST', '/catalogue/projects', { customerId: id, name: archived });
  await asManager('PUT', `/catalogue/projects/${closed.id}`, { name: archived, archived: true });
  return { customer, open, archived };
}

/** The values a field's <datalist> offers (what the browser's type-ahead shows). */
function offered(field: string): Promise<string[]> {
  return page
    .locator(field)
    .evaluate((input) => [...((input as HTMLInputElement).list?.options ?? [])].map((option) => option.value));
}

/** Waits until the field's list offers `value` (the page fills it after a fetch). */
async function waitForOffer(field: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([selector, wanted]) =>
      [...((document.querySelector(selector) as HTMLInputElement | null)?.list?.options ?? [])].some(
        (option) => option.value === wanted,
      ),
    [field, value] as const,
    { timeout: 15_000 },
  );
}

beforeAll(async () => {
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

describe('picking from the catalogue', () => {
  it('offers the catalogue in the form as the engineer types, the projects of the chosen customer, never archived ones', async () => {
    const { customer, open, archived } = await customerWithProjects();
    await signInOnIssuer(page, site.url, mary, 'index.html');
    await waitForOffer('#customer', customer);

    await page.locator('#customer').focus();
    await page.keyboard.type(customer.toLowerCase());
    await waitForOffer('#project', open);

    expect(await offered('#project')).toEqual([open]);
    expect(await offered('#project')).not.toContain(archived);
    await page.locator('#project').focus();
    await page.keyboard.type(open);
    await page.locator('#activity-form [name="activity"]').fill('Review');
    await page.locator('#activity-form [name="hours"]').fill('1.5');
    await page.getByRole('button', { name: 'Save activity' }).click();
    await page.locator('#form-status', { hasText: `for ${customer} / ${open}` }).waitFor();
  });

  it('offers the catalogue when adding a row to the week grid', async () => {
    const { customer, open, archived } = await customerWithProjects();
    await signInOnIssuer(page, site.url, mary, 'week.html');
    await waitForOffer('#row-customer', customer);

    await page.locator('#row-customer').focus();
    await page.keyboard.type(customer);
    await waitForOffer('#row-project', open);

    expect(await offered('#row-project')).toEqual([open]);
    expect(await offered('#row-project')).not.toContain(archived);
  });
});
