import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type SiteDeployAws, startSiteDeployAws } from '@test-support/site-deploy-aws';
import { SITE_DIST } from '../build-site';
import { ROOT } from '../local/paths';

const run = promisify(execFile);

// What services/metrics-api/serverless.yml names for the dev stage in us-east-1.
const STACK = 'runway-metrics-api-dev';
const BUCKET = 'runway-metrics-api-dev-us-east-1-site';
const OUTPUTS = {
  HttpApiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
  SiteUrl: 'https://d111111abcdef8.cloudfront.net',
  SignInIssuerUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example12',
  SignInClientId: '4pv2ample0client0id00000000',
  SignInDomainUrl: 'https://runway-metrics-api-dev.auth.us-east-1.amazoncognito.com',
};
// Building the site and two osls runs (`info`, then `client deploy`) take about 30 s here.
const DEPLOY_TIMEOUT = 240_000;

/** `npm run deploy:site -- --stage dev` with fake credentials and only the given endpoints. */
async function deploySite(endpoints: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_ENDPOINT_URL')),
  );
  return run('npm', ['run', 'deploy:site', '--', '--stage', 'dev'], {
    cwd: ROOT,
    env: {
      ...inherited,
      ...endpoints,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The built site's files, relative to site/dist (flat today, listed recursively all the same). */
const builtFiles = (): string[] =>
  readdirSync(SITE_DIST, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(SITE_DIST.length + 1));

let aws: SiteDeployAws;

beforeAll(async () => {
  aws = await startSiteDeployAws();
  aws.putStack(STACK, OUTPUTS);
});

afterAll(() => aws.close());

beforeEach(() => aws.calls.splice(0));

describe('npm run deploy:site', () => {
  it(
    "uploads the site built for the stage's outputs into its bucket: every file, its content type, no-cache, encrypted, pages last",
    async () => {
      aws.createBucket(BUCKET, { 'left-from-last-release.js': 'old' });

      await deploySite({ AWS_ENDPOINT_URL: aws.url });

      const objects = aws.bucket(BUCKET) ?? new Map();
      const files = builtFiles();
      expect(files).toEqual(expect.arrayContaining(['index.html', 'form.js', 'styles.css', 'config.json']));
      expect([...objects.keys()].sort()).toEqual([...files].sort());
      for (const file of files) {
        expect(objects.get(file)?.body.equals(readFileSync(join(SITE_DIST, file)))).toBe(true);
        expect(objects.get(file)?.headers).toMatchObject({
          'cache-control': 'no-cache',
          'x-amz-server-side-encryption': 'AES256',
        });
      }
      expect(objects.get('index.html')?.headers['content-type']).toBe('text/html');
      expect(objects.get('form.js')?.headers['content-type']).toBe('application/javascript');
      expect(objects.get('styles.css')?.headers['content-type']).toBe('text/css');
      expect(objects.get('config.json')?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(String(objects.get('config.json')?.body))).toEqual({
        apiUrl: OUTPUTS.HttpApiUrl,
        auth: {
          authority: OUTPUTS.SignInIssuerUrl,
          clientId: OUTPUTS.SignInClientId,
          redirectUri: `${OUTPUTS.SiteUrl}/callback.html`,
          postLogoutRedirectUri: `${OUTPUTS.SiteUrl}/`,
          signOutUrl: `${OUTPUTS.SignInDomainUrl}/logout`,
        },
      });
      // uploadOrder: scripts and styles before config.json, pages last, so no page is served before what it loads.
      const uploads = aws.calls.filter((call) => call.operation === 'S3.PutObject').map((call) => String(call.key));
      const position = (pattern: RegExp) => uploads.flatMap((key, index) => (pattern.test(key) ? [index] : []));
      expect(Math.max(...position(/\.(js|css)$/))).toBeLessThan(uploads.indexOf('config.json'));
      expect(uploads.indexOf('config.json')).toBeLessThan(Math.min(...position(/\.html$/)));
      // finch only uploads: no call created the bucket or changed its configuration, policy, ACL or public access block.
      expect(new Set(aws.calls.map((call) => call.operation))).toEqual(
        new Set([
          'CloudFormation.DescribeStacks',
          'CloudFormation.ListStackResources',
          'S3.ListBuckets',
          'S3.ListObjectsV2',
          'S3.DeleteObjects',
          'S3.PutObject',
        ]),
      );
    },
    DEPLOY_TIMEOUT,
  );

  it(
    'replaces changed files and removes those the build no longer has, reaching S3 and CloudFormation by their own endpoint settings',
    async () => {
      aws.createBucket(BUCKET, { 'index.html': '<p>last release</p>', 'retired-page.html': '<p>gone</p>' });

      // Nothing listens on the generic endpoint: only the per-service settings can reach the stand-in.
      await deploySite({
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ENDPOINT_URL_S3: aws.url,
        AWS_ENDPOINT_URL_CLOUDFORMATION: aws.url,
      });

      const objects = aws.bucket(BUCKET) ?? new Map();
      expect(objects.has('retired-page.html')).toBe(false);
      expect(objects.get('index.html')?.body.equals(readFileSync(join(SITE_DIST, 'index.html')))).toBe(true);
      expect([...objects.keys()].sort()).toEqual(builtFiles().sort());
    },
    DEPLOY_TIMEOUT,
  );

  it(
    'refuses to create the bucket when the stack has not: it exits non-zero and uploads nothing',
    async () => {
      aws.removeBucket(BUCKET);

      // osls prints a plugin's error on stdout.
      await expect(deploySite({ AWS_ENDPOINT_URL: aws.url })).rejects.toMatchObject({
        stdout: expect.stringContaining('Bucket does not exist, and manageResources has been set to "false"'),
      });
      expect(aws.bucket(BUCKET)).toBeUndefined();
      expect(aws.calls.map((call) => call.operation)).not.toContain('S3.PutObject');
    },
    DEPLOY_TIMEOUT,
  );
});
