import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from '../../../scripts/local/paths';
import { launchBrowser } from '../../../site/test/support/browser';
import { APPROVERS, closeDynamo, putApprovalResultCalls, startApproval } from './support/gateway';

const RESULTS = join(ROOT, 'test-results');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  closeDynamo();
});

describe('a stakeholder in a real browser', () => {
  it('opens the emailed link, approves with a comment, and CodePipeline gets exactly that decision', async () => {
    const { approval, links } = await startApproval();
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => violations.push(message.text()));
    const origins: (string | null)[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') origins.push(request.headers().origin ?? null);
    });

    const review = await page.goto(links[APPROVERS[0]]);
    await page.screenshot({ path: join(RESULTS, 'approval-review.png'), fullPage: true });
    await page.fill('textarea[name=comment]', 'Checked the release notes');
    const [decided] = await Promise.all([page.waitForNavigation(), page.click('button[value=approve]')]);
    await page.screenshot({ path: join(RESULTS, 'approval-decided.png'), fullPage: true });

    expect(review?.status()).toBe(200);
    // Under Referrer-Policy: no-referrer the browser hides the page's origin on its own form post.
    expect(origins).toEqual(['null']);
    expect(decided?.status()).toBe(200);
    expect(await page.textContent('h1')).toContain('You approved');
    expect(violations).toEqual([]);
    const calls = await putApprovalResultCalls(approval.token);
    expect(calls.map((call) => call.body.result)).toEqual([
      { status: 'Approved', summary: `Approved by ${APPROVERS[0]} via Runway: Checked the release notes` },
    ]);

    // Reopening the emailed link later shows the decision instead of the form.
    const reopened = await page.goto(links[APPROVERS[0]]);
    expect(reopened?.status()).toBe(409);
    expect(await page.textContent('h1')).toBe('Already approved');
    expect(await page.textContent('main')).toContain(`approved by ${APPROVERS[0]}`);
    expect(await page.locator('button[value=approve]').count()).toBe(0);
    await page.close();
  });
});
