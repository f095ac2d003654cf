import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { buildSite, SITE_DIST } from '../../scripts/build-site';
import type { RunningServer } from '../../scripts/local/dynamodb';
import { ROOT } from '../../scripts/local/paths';
import { freePort } from '../../scripts/local/ports';
import { startSiteServer } from '../../scripts/local/site-server';
import {
  configureHandlers,
  inboxOf,
  invoke,
  people,
  type Request,
  SITE_URL,
  type TestPerson,
} from '../../services/metrics-api/test/support/week-api';
import { closeLocalDynamo } from '../../services/metrics-api/test/support/weeks';
import { launchBrowser } from './support/browser';

/*
 * The week page in real Chromium against the real handlers, dynalite and the SES inbox. Sign-in is
 * not part of this branch yet, so the test plays API Gateway with its JWT authorizer: the page's
 * API calls (same origin, under /api) are routed to the handlers with the claims of whoever the
 * test has "signed in".
 */

configureHandlers();
const RESULTS = join(ROOT, 'test-results');
const HANDLERS = [
  'week-get',
  'week-submit',
  'week-decide',
  'week-list',
  'activity-create',
  'activity-update',
  'activity-delete',
];
const handlers: Record<string, unknown> = {};
let browser: Browser;
let site: RunningServer;
let page: Page;
let signedIn: TestPerson = people.mary;

/** API Gateway's routes of the calls the week page makes. */
function routeOf(
  method: string,
  path: string,
): { handler: string; route: string; pathParameters?: Record<string, string> } | undefined {
  let match = /^\/weeks\/([^/]+)\/(submit|approve|reject|reopen)$/.exec(path);
  if (method === 'POST' && match?.[1] && match[2]) {
    return {
      handler: match[2] === 'submit' ? 'week-submit' : 'week-decide',
      route: `POST /weeks/{week}/${match[2]}`,
      pathParameters: { week: match[1] },
    };
  }
  match = /^\/weeks\/([^/]+)$/.exec(path);
  if (method === 'GET' && match?.[1])
    return { handler: 'week-get', route: 'GET /weeks/{week}', pathParameters: { week: match[1] } };
  if (method === 'GET' && path === '/weeks') return { handler: 'week-list', route: 'GET /weeks' };
  if (method === 'POST' && path === '/activities') return { handler: 'activity-create', route: 'POST /activities' };
  match = /^\/activities\/([^/]+)$/.exec(path);
  if ((method === 'PUT' || method === 'DELETE') && match?.[1]) {
    return {
      handler: `activity-${method === 'PUT' ? 'update' : 'delete'}`,
      route: `${method} /activities/{id}`,
      pathParameters: { id: match[1] },
    };
  }
  return undefined;
}

async function playApiGateway(route: Route): Promise<void> {
  const request = route.request();
  const url = new URL(request.url());
  const path = url.pathname.replace(/^\/api/, '');
  const target = routeOf(request.method(), path);
  if (target === undefined) {
    await route.fulfill({ status: 404, contentType: 'application/json', body: '{"message":"Not Found"}' });
    return;
  }
  const body = request.postData();
  const response = await invoke(handlers[target.handler], {
    method: request.method() as Request['method'],
    route: target.route,
    path,
    pathParameters: target.pathParameters,
    ...(url.search === '' ? {} : { query: Object.fromEntries(url.searchParams) }),
    ...(body ? { body: JSON.parse(body) as unknown } : {}),
    as: signedIn,
  });
  await route.fulfill({
    status: response.status,
    contentType: 'application/json',
    body: response.json === undefined ? '' : JSON.stringify(response.json),
  });
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
  for (const name of HANDLERS)
    handlers[name] = (
      (await import(`../../services/metrics-api/src/handlers/${name}`)) as { handler: unknown }
    ).handler;
  const port = await freePort();
  await buildSite();
  site = await startSiteServer({
    port,
    root: SITE_DIST,
    apiUrl: `http://127.0.0.1:${port}/api`,
    auth: {
      authority: String(process.env.RUNWAY_OIDC_ISSUER_URL),
      clientId: String(process.env.RUNWAY_OIDC_CLIENT_ID),
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  closeLocalDynamo();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.route('**/api/**', playApiGateway);
});

afterEach(async () => {
  await page.close();
});

test('an engineer fills a week with the keyboard, copies last week, submits; the manager approves from the email; the week is locked', async () => {
  // Last week (2026-W47, 16–22 November) has two rows.
  signedIn = people.mary;
  for (const [activity, date, hours] of [
    ['Build', '2026-11-16', 6],
    ['Review', '2026-11-17', 2],
  ] as const) {
    await invoke(handlers['activity-create'], {
      method: 'POST',
      route: 'POST /activities',
      path: '/activities',
      body: { engineer: people.mary.name, customer: 'Acme Corp', project: 'Data platform', activity, date, hours },
      as: people.mary,
    });
  }

  await page.goto(`${site.url}/week.html?week=2026-W48`);
  await waitForText('#week-label', '2026-W48 · 23 Nov – 29 Nov');
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

  const [email] = (await inboxOf(people.paulo.email)).filter((stored) => stored.subject.includes('2026-W48'));
  expect(email?.subject).toBe(`${people.mary.name} submitted 2026-W48 (17 h) for approval`);
  const link = /Review the week: (\S+)/.exec(email?.body.text ?? '')?.[1] ?? '';
  expect(link.startsWith(`${SITE_URL}/week.html?`)).toBe(true);

  signedIn = people.paulo;
  await page.goto(link.replace(SITE_URL, site.url));
  await waitForText('#week-title', `Week of ${people.mary.name}`);
  await waitForText('#week-total', '17');
  await page.getByRole('button', { name: 'Approve' }).click();
  await waitForText('#week-state', 'approved · locked');
  await waitForText('#history li', `approve by ${people.paulo.name}`);
  await page.screenshot({ path: join(RESULTS, 'week-manager.png'), fullPage: true });

  signedIn = people.mary;
  await page.goto(`${site.url}/week.html?week=2026-W48`);
  await waitForText('#week-state', 'approved · locked');
  expect(await cell(0, 0).isDisabled()).toBe(true);
  expect(await page.locator('#edit-tools').isHidden()).toBe(true);
});

test('on a phone the week is shown day by day, without sideways scrolling', async () => {
  signedIn = people.john;
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(`${site.url}/week.html?week=2026-W45`);
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
