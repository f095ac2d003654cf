import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DeliveryMetrics } from '../../services/metrics-api/src/contracts';
import { closeDynamo } from '../../test-support/approval-gateway';
import type { RunningServer } from '../../test-support/dynamodb';
import { ROOT } from '../../test-support/paths';
import type { LocalPerson } from '../../test-support/people';
import { bearer, localPerson } from '../../test-support/tokens';
import { bandName } from '../src/lib/delivery-format';
import { launchBrowser } from './support/browser';
import {
  catalogueProject,
  mapPipeline,
  recordQcApprover,
  recordRelease,
  type SeededRelease,
  uniquePipeline,
} from './support/delivery';
import { apiUrl, recordThroughApi, signInOnIssuer, startSiteForTests } from './support/site';

const RESULTS = join(ROOT, 'test-results');
// The seeded people of the local issuer (test-support/people.ts): an engineer and a manager.
const mary = localPerson('mary@runway.local');
const paulo = localPerson('paulo@runway.local');

// Two weeks of a pipeline's history (Monday 1 to Sunday 14 June 2026), read as a custom period.
const FROM = '2026-06-01';
const TO = '2026-06-14';

let browser: Browser;
let site: RunningServer;
let page: Page;
let pipeline: string;
let releases: SeededRelease[];

/** The metrics as the API gives them to the manager, to compare the tiles with. */
async function apiMetrics(): Promise<DeliveryMetrics> {
  const response = await fetch(
    `${apiUrl()}/delivery/metrics?${new URLSearchParams({ from: FROM, to: TO, pipeline })}`,
    {
      headers: bearer(paulo),
    },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as DeliveryMetrics;
}

/** Signs in on the delivery page and shows the seeded pipeline over the seeded fortnight. */
async function openDelivery(person: LocalPerson, on: Page = page): Promise<void> {
  await signInOnIssuer(on, site.url, person, 'delivery.html');
  await on.locator(`#delivery-pipeline option[value="${pipeline}"]`).waitFor({ state: 'attached' });
  await on.locator('#delivery-period').selectOption('custom');
  await on.locator('#delivery-from').fill(FROM);
  await on.locator('#delivery-to').fill(TO);
  await on.locator('#delivery-pipeline').selectOption(pipeline);
  try {
    await on.locator('#delivery-status', { hasText: `${FROM} to ${TO}, ${pipeline}.` }).waitFor({ timeout: 20_000 });
  } catch (error) {
    // Say what the page said instead (an API refusal shows beside what failed).
    const said = await on.locator('.status').allTextContents();
    throw new Error(`The page did not show the period: ${JSON.stringify(said)} ${String(error)}`);
  }
}

const tile = (key: string, on: Page = page) => on.locator(`#key-tiles [data-key="${key}"]`);

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  pipeline = uniquePipeline('site-delivery');
  const project = await catalogueProject(paulo, 'Delivery');
  await mapPipeline(paulo, pipeline, project.id);
  const at = (iso: string) => new Date(iso);
  // Four releases deploy; the third attempt fails and the next one, four hours later, recovers.
  releases = [
    await recordRelease(pipeline, at('2026-06-02T12:00:00Z')),
    // Committed an hour before its pipeline started: its lead time starts at the commit.
    await recordRelease(pipeline, at('2026-06-04T12:00:00Z'), 'succeeded', 1),
    await recordRelease(pipeline, at('2026-06-08T10:00:00Z'), 'failed'),
    await recordRelease(pipeline, at('2026-06-08T14:00:00Z')),
    await recordRelease(pipeline, at('2026-06-11T12:00:00Z')),
  ];
  await recordQcApprover(pipeline, releases[1] as SeededRelease, 'qc.lead@example.com');
  // Mary records on the project (so she sees its pipeline): 3 h between the first two releases, 2 h on an incident.
  const on = { customer: project.customer, project: project.name };
  await recordThroughApi(mary, { ...on, activity: 'Feature work', date: '2026-06-03', hours: 3 });
  await recordThroughApi(mary, { ...on, activity: 'Incident response', date: '2026-06-08', hours: 2 });
  site = await startSiteForTests();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  closeDynamo();
  await browser?.close();
  await site?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (error) => console.error(`delivery.html: ${error.message}`));
});

afterEach(async () => {
  await page.close();
});

describe('the delivery page', () => {
  it('shows the four keys of the seeded releases with their bands, in words', async () => {
    await openDelivery(paulo);
    const metrics = await apiMetrics();

    await tile('deployment-frequency')
      .locator('.tile-detail', { hasText: '4 successful production deployments' })
      .waitFor();
    expect(await tile('lead-time').locator('.tile-value strong').textContent()).toBe('4 h');
    expect(await tile('change-failure-rate').locator('.tile-value strong').textContent()).toBe('20%');
    expect(await tile('change-failure-rate').locator('.tile-detail').textContent()).toBe(
      '1 of 5 production deployments failed',
    );
    expect(await tile('recovery-time').locator('.tile-value strong').textContent()).toBe('4 h');
    const bands = {
      'deployment-frequency': metrics.deploymentFrequency.band,
      'lead-time': metrics.leadTime.band,
      'change-failure-rate': metrics.changeFailureRate.band,
      'recovery-time': metrics.recoveryTime.band,
    };
    for (const [key, band] of Object.entries(bands)) {
      expect(band).not.toBeNull();
      expect(await tile(key).getAttribute('data-band')).toBe(band);
      expect(await tile(key).locator('.band-name').textContent()).toBe(`${bandName(band)} performer`);
    }
    expect(await page.locator('#trend figure').count()).toBe(4);
    await page.locator('h1').click(); // no field keeps the focus ring in the picture
    await page.screenshot({ path: join(RESULTS, 'delivery.png'), fullPage: true });
  });

  it('draws one stacked bar per release that deployed, with the legend and the parts in words', async () => {
    await openDelivery(paulo);

    const bars = page.locator('#lead-bars .lead-bar');
    await bars.first().waitFor();
    expect(await bars.count()).toBe(releases.filter((release) => release.outcome === 'succeeded').length);
    expect(await page.locator('#lead-legend li').allTextContents()).toEqual([
      'Build & QAT',
      'Waiting for QC',
      'Waiting for PMO',
      'Production deploy',
    ]);
    expect(await bars.first().getAttribute('aria-label')).toContain(
      'lead time 4 h; Build & QAT 60 min, waiting for QC 90 min, waiting for PMO 60 min, production deploy 30 min',
    );
    expect(await page.locator('#lead-status').textContent()).toBe('1 failed deployment has no lead time and no bar.');
    expect(await page.locator('#releases > li').count()).toBe(releases.length);
    const second = page.locator(`#releases [data-execution-id="${releases[1]?.executionId}"]`);
    expect(await second.locator('[data-fact="hours"]').textContent()).toMatch(/^3 h on /);
    expect(await second.locator('[data-fact="lead-time"]').textContent()).toMatch(
      /^5 h from the commit: Build & QAT 2 h,/,
    );
    expect(await second.locator('[data-fact="commit"]').textContent()).toMatch(/^c0ffee123456, committed /);
    const first = page.locator(`#releases [data-execution-id="${releases[0]?.executionId}"]`);
    expect(await first.locator('[data-fact="lead-time"]').textContent()).toMatch(/^4 h from the pipeline’s start: /);
    expect(await second.locator('[data-fact="qc"]').textContent()).toBe('qc.lead@example.com, waited 90 min');
    expect(await second.locator('[data-fact="pmo"]').textContent()).toContain('approver not recorded');
    await page.locator('#hours-recovering', { hasText: '2 h spent recovering' }).waitFor();
    const failed = page.locator(`#releases [data-execution-id="${releases[2]?.executionId}"]`);
    expect(await failed.locator('.outcome').textContent()).toBe('Failed: the production deploy failed');
  });

  it('lets a manager mark a release as having caused a failure, which raises the change failure rate, and take it back', async () => {
    await openDelivery(paulo);
    const card = page.locator(`#releases [data-execution-id="${releases[1]?.executionId}"]`);

    await card.getByRole('button', { name: 'Mark as caused a failure' }).click();
    await card.getByLabel('What failed because of this release?').fill('Broke sign-in for a day');
    await card.getByRole('button', { name: 'Save failure mark' }).click();

    await page.locator('#releases-status', { hasText: 'is marked as having caused a failure' }).waitFor();
    expect(await tile('change-failure-rate').locator('.tile-value strong').textContent()).toBe('40%');
    const marked = page.locator(`#releases [data-execution-id="${releases[1]?.executionId}"]`);
    expect(await marked.locator('[data-fact="failure-mark"]').textContent()).toContain('Broke sign-in for a day');
    expect(await marked.locator('.outcome').textContent()).toBe(
      'Failed: marked by a manager as having caused a failure',
    );

    await marked.getByRole('button', { name: 'Remove the failure mark' }).click();
    await page.locator('#releases-status', { hasText: 'is taken back' }).waitFor();
    expect(await tile('change-failure-rate').locator('.tile-value strong').textContent()).toBe('20%');
  });

  it('lets a manager map a pipeline that sent events to a catalogue project, picked from the catalogue', async () => {
    const unmapped = uniquePipeline('site-unmapped');
    await recordRelease(unmapped, new Date('2026-06-05T12:00:00Z'));
    const project = await catalogueProject(paulo, 'Mapped');
    await signInOnIssuer(page, site.url, paulo, 'delivery.html');
    await page.locator(`#pipelines-body tr[data-pipeline="${unmapped}"]`, { hasText: 'no project yet' }).waitFor();

    await page.locator('#map-pipeline').fill(unmapped);
    await page.locator('#map-customer').fill(project.customer);
    await page.locator('#map-project').fill(project.name);
    await page.getByRole('button', { name: 'Save mapping' }).click();

    await page.locator('#pipeline-status', { hasText: `${unmapped} now delivers ${project.name}.` }).waitFor();
    await page.locator(`#pipelines-body tr[data-pipeline="${unmapped}"]`, { hasText: project.name }).waitFor();
    expect(await page.locator(`#delivery-pipeline option[value="${unmapped}"]`).textContent()).toBe(
      `${unmapped} (${project.name})`,
    );
  });

  it('shows an engineer the keys of the projects she records on, without the manager controls', async () => {
    await openDelivery(mary);

    await tile('change-failure-rate').locator('.tile-value strong', { hasText: '20%' }).waitFor();
    expect(await page.locator('#releases > li').count()).toBe(releases.length);
    expect(await page.getByRole('button', { name: 'Mark as caused a failure' }).count()).toBe(0);
    expect(await page.locator('#pipelines-section').isHidden()).toBe(true);
    expect(await page.locator('#pipeline-form').isHidden()).toBe(true);
  });

  it('says how deployments arrive when the period has none', async () => {
    await openDelivery(paulo);
    await page.locator('#delivery-from').fill('2001-01-01');
    await page.locator('#delivery-to').fill('2001-01-31');
    await page.getByRole('button', { name: 'Show', exact: true }).click();

    const empty = page.locator('#delivery-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('No production deployments in this period.');
    expect(await empty.textContent()).toContain('npm run demo:delivery');
    expect(await page.locator('#lead-bars .lead-bar').count()).toBe(0);
    expect(await page.locator('#releases > li').count()).toBe(0);
  });

  it('shows what the API refused beside the part it could not read', async () => {
    await openDelivery(paulo);
    await page.locator('#delivery-from').fill('2026-06-20');
    await page.getByRole('button', { name: 'Show', exact: true }).click();

    await page.locator('#keys-status[data-kind="error"]', { hasText: 'from must not be after to' }).waitFor();
  });

  it('fits a phone 390 px wide without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await openDelivery(paulo, phone);
      await tile('lead-time', phone).locator('.tile-value strong', { hasText: '4 h' }).waitFor();

      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

      expect(overflow).toBe(0);
      await phone.screenshot({ path: join(RESULTS, 'delivery-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
