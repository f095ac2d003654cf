/**
 * Builds the static site into site/dist: bundles the TypeScript (no CDN, nothing
 * loaded from elsewhere), inlines the shared form fields into the pages and,
 * when given an API URL, writes config.json.
 *
 *   npm run build:site                         # config.json -> http://localhost:3000
 *   npm run build:site -- --api-url https://x  # the deploy step writes the stage's URL
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..');

const SOURCE = join(ROOT, 'site', 'src');
export const SITE_DIST = join(ROOT, 'site', 'dist');

function partial(name: string): string {
  return readFileSync(join(SOURCE, 'partials', `${name}.html`), 'utf8');
}

/**
 * Inlines the partials: `{{head:Title}}`, `{{top:page}}` (the link whose data-page is that page gets
 * aria-current), `{{activity-fields[:id-prefix]}}` and `{{timer}}` (the running timer's panel).
 */
export function renderPage(html: string): string {
  return html
    .replace(/\{\{head:([^}]+)\}\}/g, (_match, title: string) =>
      partial('head').replaceAll('{{title}}', title).trimEnd(),
    )
    .replace(/\{\{top:([\w-]+)\}\}/g, (_match, page: string) =>
      partial('top')
        .replace(/ data-page="([\w-]+)"/g, (_inner, link: string) => (link === page ? ' aria-current="page"' : ''))
        .trimEnd(),
    )
    .replace(/\{\{activity-fields(?::([\w-]+))?\}\}/g, (_match, prefix: string | undefined) =>
      partial('activity-fields').replaceAll('{{prefix}}', prefix ?? ''),
    )
    .replaceAll('{{timer}}', partial('timer').trimEnd());
}

/** The sign-in part of config.json (site/src/lib/config.ts reads it). */
export interface SiteAuthSettings {
  authority: string;
  clientId: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  signOutUrl?: string;
}

/** What a plain local build points at: `npm start`'s issuer and site on their default ports. */
const LOCAL_AUTH: SiteAuthSettings = {
  authority: 'http://127.0.0.1:8090',
  clientId: 'runway-site-local',
  redirectUri: 'http://localhost:8080/callback.html',
  postLogoutRedirectUri: 'http://localhost:8080/',
};

/** Writes the per-stage config the pages read at start. */
export function writeSiteConfig(apiUrl: string, auth: SiteAuthSettings = LOCAL_AUTH, dist = SITE_DIST): void {
  const config = { apiUrl: apiUrl.replace(/\/$/, ''), auth };
  writeFileSync(join(dist, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

export async function buildSite(options: { apiUrl?: string; auth?: SiteAuthSettings } = {}): Promise<void> {
  rmSync(SITE_DIST, { recursive: true, force: true });
  mkdirSync(SITE_DIST, { recursive: true });
  await build({
    entryPoints: [
      join(SOURCE, 'form.ts'),
      join(SOURCE, 'dashboard.ts'),
      join(SOURCE, 'week.ts'),
      join(SOURCE, 'delivery.ts'),
      join(SOURCE, 'callback.ts'),
    ],
    outdir: SITE_DIST,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    platform: 'browser',
    tsconfig: join(ROOT, 'site', 'tsconfig.json'),
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const file of readdirSync(SOURCE)) {
    if (file.endsWith('.html'))
      writeFileSync(join(SITE_DIST, file), renderPage(readFileSync(join(SOURCE, file), 'utf8')));
    else if (file.endsWith('.css')) copyFileSync(join(SOURCE, file), join(SITE_DIST, file));
  }
  writeSiteConfig(options.apiUrl ?? 'http://localhost:3000', options.auth);
}

if (require.main === module) {
  const { values } = parseArgs({ options: { 'api-url': { type: 'string' } } });
  buildSite({ apiUrl: values['api-url'] })
    .then(() => console.log(`site: built into ${SITE_DIST}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
