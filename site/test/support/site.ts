import type { Page } from 'playwright-core';
import type { RunningServer } from '../../../test-support/dynamodb';
import type { LocalPerson } from '../../../test-support/people';
import { startSiteServer } from '../../../test-support/site-server';
import { bearer, OIDC_ENV } from '../../../test-support/tokens';
import { buildSite, SITE_DIST } from '../../build';

/** The metrics API of the integration stack (its global setup exports the URL). */
export const apiUrl = () => String(process.env.RUNWAY_METRICS_API_URL);

/** Builds the site and serves it on a free port, pointed at the integration stack's API and issuer. */
export async function startSiteForTests(): Promise<RunningServer> {
  await buildSite();
  return startSiteServer({
    port: Number(process.env.RUNWAY_SITE_PORT ?? 0),
    root: SITE_DIST,
    apiUrl: apiUrl(),
    auth: { authority: String(process.env[OIDC_ENV.issuer]), clientId: String(process.env[OIDC_ENV.clientId]) },
  });
}

/**
 * Opens a page of the site, which sends the browser to the local issuer's sign-in page;
 * signs in there as the person and waits until the page shows their name.
 */
export async function signInOnIssuer(page: Page, siteUrl: string, person: LocalPerson, path: string): Promise<void> {
  await page.goto(`${siteUrl}/${path}`);
  await page.waitForURL((url) => url.href.startsWith(String(process.env[OIDC_ENV.issuer])));
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${siteUrl}/${path}`);
  await page.locator('#signed-in-name', { hasText: person.name }).waitFor();
}

/** Records an activity for a person straight through the API (201 expected). */
export async function recordThroughApi(person: LocalPerson, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${apiUrl()}/activities`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...bearer(person) },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
}
