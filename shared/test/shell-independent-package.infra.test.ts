/**
 * A package must not depend on the shell it was built from: a `serverless package` (what deploy
 * uploads) from a shell with every RUNWAY_* variable the local stack and its tests set gives the same
 * templates as one from a shell without any. The local stack gives its settings as `--param` on
 * serverless-offline's command line instead (scripts/local/offline.ts, scripts/local/stack.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageService, TEMPLATE_FILE } from '../../test-support/packaging';

/** What a shell that ran the local stack (or the integration tests) may hold; the first four were once read by serverless.yml. */
const LOCAL_STACK_SHELL = {
  RUNWAY_CORS_ORIGINS: 'http://localhost:41771,http://127.0.0.1:41771',
  RUNWAY_LOCAL_TIMEOUT: '30',
  RUNWAY_LOCAL_PEOPLE: JSON.stringify([{ sub: 'local-ada', email: 'ada@example.com', groups: ['managers'] }]),
  RUNWAY_ESBUILD_WORK_FOLDER: '.esbuild-from-the-shell',
  RUNWAY_STAGE: 'test',
  RUNWAY_SITE_PORT: '41771',
  RUNWAY_METRICS_API_URL: 'http://127.0.0.1:41772',
  RUNWAY_METRICS_API_LAMBDA_URL: 'http://127.0.0.1:41773',
  RUNWAY_APPROVAL_GATEWAY_URL: 'http://127.0.0.1:41774',
  RUNWAY_APPROVAL_GATEWAY_LAMBDA_URL: 'http://127.0.0.1:41775',
  RUNWAY_DYNAMODB_URL: 'http://127.0.0.1:41776',
  RUNWAY_SES_URL: 'http://127.0.0.1:41777',
  RUNWAY_CODEPIPELINE_URL: 'http://127.0.0.1:41778',
  RUNWAY_CODEPIPELINE_CONTROL_URL: 'http://127.0.0.1:41779',
  RUNWAY_OIDC_ISSUER_URL: 'http://127.0.0.1:41780',
  RUNWAY_OIDC_CLIENT_ID: 'runway-local-site',
  RUNWAY_OIDC_SITE_ORIGIN: 'http://127.0.0.1:41771',
  RUNWAY_REMINDER_WEEKDAY: 'MON',
  RUNWAY_REMINDER_HOUR: '9',
};
const PACKAGING_TIMEOUT = 600_000;

const withoutRunway = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('RUNWAY_')));

/** Keys in one order, so that two templates compare by content (functions are packaged in no set order). */
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, inner]) => [key, sorted(inner)]),
        )
      : value;

/**
 * The template, without what differs between any two packagings: the artifacts' upload folder
 * (named after the time of packaging) and the hash of each zip in the Lambda versions' ids and
 * CodeSha256 (a zip records its files' times).
 */
async function packagedFrom(service: string, shell: NodeJS.ProcessEnv, name: string): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `runway-${service}-${name}-`));
  try {
    await packageService(service, 'dev', outDir, { esbuildWorkFolder: `.esbuild-shell-${name}` }, shell);
    const template = readFileSync(join(outDir, TEMPLATE_FILE), 'utf8')
      .replace(/\d{13}-\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '<time>')
      .replace(/LambdaVersion[A-Za-z0-9]{43}/g, 'LambdaVersion<code>')
      .replace(/"CodeSha256": "[^"]+"/g, '"CodeSha256": "<code>"');
    return JSON.stringify(sorted(JSON.parse(template)), null, 2);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(join(__dirname, '..', '..', 'services', service, `.esbuild-shell-${name}`), {
      recursive: true,
      force: true,
    });
  }
}

// The two services whose configuration once read the local stack's settings.
describe.each(['metrics-api', 'approval-gateway'])('%s packaged from any shell', (service) => {
  test(
    'packages the same template with and without every RUNWAY_* variable the local stack sets',
    async () => {
      const clean = withoutRunway(process.env);
      // One after the other: two packagings of approval-gateway at once fail (they share its .serverless).
      const without = await packagedFrom(service, clean, 'clean');
      const withLocal = await packagedFrom(service, { ...clean, ...LOCAL_STACK_SHELL }, 'local');
      expect(withLocal).toContain('"AWS::Lambda::Function"');
      expect(withLocal).not.toContain('41771');
      expect(withLocal).toBe(without);
    },
    PACKAGING_TIMEOUT,
  );
});
