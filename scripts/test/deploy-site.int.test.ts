import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SITE_DIST } from '../../site/build';
import { ROOT } from '../../test-support/paths';
import { type AwsStandin, startAwsStandin } from '../aws-standin/server';

const run = promisify(execFile);

// What services/metrics-api/serverless.yml names for a stage in us-east-1; CloudFormation names the bucket.
const stackOf = (stage: string) => `runway-metrics-api-${stage}`;
const OUTPUTS = {
  HttpApiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
  SiteUrl: 'https://d111111abcdef8.cloudfront.net',
  SignInIssuerUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example12',
  SignInClientId: '4pv2ample0client0id00000000',
  SignInDomainUrl: 'https://runway-metrics-api-dev.auth.us-east-1.amazoncognito.com',
};
// Building the site and two osls runs (`info`, then `client deploy`): 30 s here, over 90 s on a loaded machine.
const DEPLOY_TIMEOUT = 300_000;

let standin: AwsStandin;
let s3: S3Client;
/** The dev stack's site bucket, as CloudFormation named it. */
let devBucket: string;
const endpointBefore = process.env.AWS_ENDPOINT_URL;

/**
 * A stage's metrics-api stack as `serverless deploy` leaves it: the outputs and the site bucket
 * CloudFormation named; `missing`: its SiteBucketName names a bucket that is gone, `none`: no
 * such output (a stack from before the site). Returns the bucket's name.
 */
async function deployedStack(stage: string, bucket: 'created' | 'missing' | 'none' = 'created'): Promise<string> {
  const outputs: Record<string, { Value: unknown }> = Object.fromEntries(
    Object.entries(OUTPUTS).map(([name, value]) => [name, { Value: value }]),
  );
  const gone = `${stackOf(stage)}-sitebucket-deleted0by0hand`;
  if (bucket !== 'none') outputs.SiteBucketName = { Value: bucket === 'created' ? { Ref: 'SiteBucket' } : gone };
  const resources =
    bucket === 'created'
      ? { SiteBucket: { Type: 'AWS::S3::Bucket' } }
      : { Placeholder: { Type: 'AWS::SNS::Topic', Properties: { TopicName: `${stackOf(stage)}-events` } } };
  const cloudFormation = new CloudFormationClient({});
  await cloudFormation.send(
    new CreateStackCommand({
      StackName: stackOf(stage),
      TemplateBody: JSON.stringify({ Resources: resources, Outputs: outputs }),
    }),
  );
  const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackOf(stage) }));
  cloudFormation.destroy();
  return Stacks[0]?.Outputs?.find((output) => output.OutputKey === 'SiteBucketName')?.OutputValue ?? gone;
}

/** `npm run deploy:site -- --stage <stage>` with fake credentials and only the given endpoints. */
async function deploySite(stage: string, endpoints: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_ENDPOINT_URL')),
  );
  return run('npm', ['run', 'deploy:site', '--', '--stage', stage], {
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
    .map((entry) => join(entry.parentPath, entry.name).slice(SITE_DIST.length + 1))
    .sort();

async function keysIn(bucket: string): Promise<string[]> {
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return Contents.map((object) => String(object.Key)).sort();
}

async function objectIn(bucket: string, key: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { ...object, bytes: Buffer.from((await object.Body?.transformToByteArray()) ?? []) };
}

/** The stand-in's journal from `from` on: service, action and key of each call. */
const callsSince = (from: number) =>
  standin.journal.entries.slice(from).map(({ service, action, params }) => ({ service, action, key: params.key }));

beforeAll(async () => {
  standin = await startAwsStandin();
  // The test's own SDK clients find the stand-in the way deployed code finds AWS: no endpoint in code.
  process.env.AWS_ENDPOINT_URL = standin.url;
  s3 = new S3Client({});
  devBucket = await deployedStack('dev');
});

afterAll(async () => {
  if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = endpointBefore;
  s3.destroy();
  await standin.close();
});

describe('npm run deploy:site', () => {
  it(
    "uploads the site built for the stage's outputs into its bucket: every file, its content type, no-cache, encrypted, pages last",
    async () => {
      const bucket = devBucket;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'left-from-last-release.js', Body: 'old' }));
      const from = standin.journal.entries.length;

      await deploySite('dev', { AWS_ENDPOINT_URL: standin.url });
      const calls = callsSince(from);

      const files = builtFiles();
      expect(files).toEqual(expect.arrayContaining(['index.html', 'form.js', 'styles.css', 'config.json']));
      expect(await keysIn(bucket)).toEqual(files);
      const contentTypes: Record<string, string | undefined> = {};
      for (const file of files) {
        const object = await objectIn(bucket, file);
        expect(object.bytes.equals(readFileSync(join(SITE_DIST, file)))).toBe(true);
        expect(object).toMatchObject({ CacheControl: 'no-cache', ServerSideEncryption: 'AES256' });
        contentTypes[file] = object.ContentType;
      }
      expect(contentTypes).toMatchObject({
        'index.html': 'text/html',
        'form.js': 'application/javascript',
        'styles.css': 'text/css',
        'config.json': 'application/json',
      });
      expect(JSON.parse((await objectIn(bucket, 'config.json')).bytes.toString('utf8'))).toEqual({
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
      const uploads = calls.filter((call) => call.action === 'PutObject').map((call) => String(call.key));
      const positions = (pattern: RegExp) => uploads.flatMap((key, index) => (pattern.test(key) ? [index] : []));
      expect(Math.max(...positions(/\.(js|css)$/))).toBeLessThan(uploads.indexOf('config.json'));
      expect(uploads.indexOf('config.json')).toBeLessThan(Math.min(...positions(/\.html$/)));
      // finch only uploads: no call created the bucket or changed its configuration, policy, ACL or public access block.
      expect(new Set(calls.map((call) => `${call.service}.${call.action}`))).toEqual(
        new Set([
          'cloudformation.DescribeStacks',
          'cloudformation.ListStackResources',
          's3.HeadBucket',
          's3.ListObjectsV2',
          's3.DeleteObjects',
          's3.PutObject',
        ]),
      );
    },
    DEPLOY_TIMEOUT,
  );

  it(
    'replaces changed files and removes those the build no longer has, reaching S3 and CloudFormation by their own endpoint settings',
    async () => {
      const bucket = devBucket;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'index.html', Body: '<p>last release</p>' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'retired-page.html', Body: '<p>gone</p>' }));

      // Nothing listens on the generic endpoint: only the per-service settings reach the stand-in.
      await deploySite('dev', {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ENDPOINT_URL_S3: standin.url,
        AWS_ENDPOINT_URL_CLOUDFORMATION: standin.url,
      });

      expect(await keysIn(bucket)).toEqual(builtFiles());
      expect((await objectIn(bucket, 'index.html')).bytes.equals(readFileSync(join(SITE_DIST, 'index.html')))).toBe(
        true,
      );
    },
    DEPLOY_TIMEOUT,
  );

  it(
    'refuses to create the bucket when the one the stack names is gone: it exits non-zero and uploads nothing',
    async () => {
      const bucket = await deployedStack('qa', 'missing');
      const from = standin.journal.entries.length;

      // osls prints a plugin's error on stdout.
      await expect(deploySite('qa', { AWS_ENDPOINT_URL: standin.url })).rejects.toMatchObject({
        stdout: expect.stringContaining('Bucket does not exist, and manageResources has been set to "false"'),
      });
      expect(standin.state.buckets.has(bucket)).toBe(false);
      expect(callsSince(from).map((call) => call.action)).not.toContain('PutObject');
    },
    DEPLOY_TIMEOUT,
  );

  it(
    'refuses a stack without the SiteBucketName output, naming it, before building or uploading',
    async () => {
      await deployedStack('test', 'none');
      const from = standin.journal.entries.length;

      await expect(deploySite('test', { AWS_ENDPOINT_URL: standin.url })).rejects.toMatchObject({
        stderr: expect.stringContaining('metrics-api (test) has no SiteBucketName output: deploy it first'),
      });
      expect(callsSince(from).map((call) => `${call.service}.${call.action}`)).not.toContain('s3.PutObject');
    },
    DEPLOY_TIMEOUT,
  );
});
