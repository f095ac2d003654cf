import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  APPROVERS,
  announceApproval,
  closeDynamo,
  putApprovalResultCalls,
  startApproval,
} from '@test-support/approval-gateway';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../../site/test/support/browser';
import { ROOT } from '../../../test-support/paths';

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

describe('QC then PMO of one release, each in a real browser from the inbox', () => {
  it('opens the QC link as the qc person and the PMO link as the pmo person, each page naming its role, commit and AMI', async () => {
    const release = {
      pipelineName: `runway-it-${Date.now().toString(36)}`,
      executionId: randomUUID(),
      stageName: 'Approval',
      revision: { commitId: 'c0ffee0123456789abcdef0123456789abcdef01', message: 'Release 2.5.0' },
      amiId: 'ami-0fedcba9876543210',
    };
    const steps = [
      { actionName: 'QCApproval', role: 'qc', approver: 'qc.lead@example.com' },
      { actionName: 'PMOApproval', role: 'pmo', approver: 'pmo.lead@example.com' },
    ];

    for (const step of steps) {
      const { approval, linkFor } = await announceApproval({
        ...release,
        actionName: step.actionName,
        customData: `[role:${step.role}] ${step.actionName}: the release runs on the QAT fleet.`,
      });
      const page = await browser.newPage();
      await page.goto(linkFor(step.approver));
      await page.screenshot({ path: join(RESULTS, `approval-${step.role}.png`), fullPage: true });

      expect(await page.textContent('dd.role')).toBe(step.role);
      expect(await page.textContent('dd.revision')).toBe(`${release.revision.commitId} "Release 2.5.0"`);
      expect(await page.textContent('dd.ami')).toBe(release.amiId);
      await Promise.all([page.waitForNavigation(), page.click('button[value=approve]')]);
      expect(await page.textContent('h1')).toContain('You approved');
      expect((await putApprovalResultCalls(approval.token)).map((call) => call.body.result)).toEqual([
        { status: 'Approved', summary: `Approved by ${step.approver} via Runway` },
      ]);
      await page.close();
    }
  });
});
