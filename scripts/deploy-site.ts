/**
 * `npm run deploy:site -- --stage prod`: publishes the site for a deployed stage.
 *
 * 1. reads metrics-api's stack outputs (HttpApiUrl, SiteUrl, the sign-in outputs) with `serverless info`;
 * 2. builds site/dist with a config.json naming that stage's API and user pool, so one build serves every stage;
 * 3. uploads it with serverless-finch (`serverless client deploy`) into the bucket the SiteBucketName
 *    output names (FINCH_SITE_BUCKET), which only uploads: the private bucket and CloudFront
 *    distribution are declared in services/metrics-api/resources/site.yml.
 *
 * Needs AWS credentials and a deployed metrics-api stack. Files are uploaded with
 * `Cache-Control: no-cache`, so CloudFront revalidates and no invalidation is needed.
 * osls and serverless-finch (patched for osls 4: patches/, docs/deploying.md "Deploying the site") build their
 * SDK v3 clients with no endpoint, so AWS_ENDPOINT_URL points the whole deploy at a stand-in
 * (scripts/test/deploy-site.int.test.ts).
 */
import { execFile, spawn } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { buildSite, type SiteAuthSettings } from '../site/build';
import { SERVERLESS_BIN, serviceDir } from '../test-support/paths';

const run = promisify(execFile);

/** The `Key: value` lines of `serverless info --verbose` under "Stack Outputs". */
export function parseStackOutputs(info: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const section = info.split(/Stack Outputs:?/)[1] ?? '';
  for (const line of section.split('\n')) {
    const match = /^\s*([A-Za-z0-9]+):\s*(\S+)\s*$/.exec(line);
    if (match?.[1] && match[2]) outputs[match[1]] = match[2];
  }
  return outputs;
}

/** The site's sign-in settings for a stage, from metrics-api's outputs (resources/cognito.yml). */
export function authSettings(outputs: Record<string, string>): SiteAuthSettings {
  const { SignInIssuerUrl, SignInClientId, SignInDomainUrl, SiteUrl } = outputs;
  if (!SignInIssuerUrl || !SignInClientId || !SignInDomainUrl || !SiteUrl) {
    throw new Error('metrics-api has no SignInIssuerUrl, SignInClientId, SignInDomainUrl or SiteUrl output: deploy it');
  }
  return {
    authority: SignInIssuerUrl,
    clientId: SignInClientId,
    redirectUri: `${SiteUrl}/callback.html`,
    postLogoutRedirectUri: `${SiteUrl}/`,
    signOutUrl: `${SignInDomainUrl}/logout`,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stage: { type: 'string' }, region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' } },
  });
  const { stage, region } = values;
  if (stage === undefined) throw new Error('--stage is required');
  const cwd = serviceDir('metrics-api');
  const { stdout } = await run(
    process.execPath,
    [SERVERLESS_BIN, 'info', '--stage', stage, '--region', region, '--verbose'],
    { cwd, maxBuffer: 16 * 1024 * 1024 },
  );
  const outputs = parseStackOutputs(stdout);
  const apiUrl = outputs.HttpApiUrl;
  if (!apiUrl) throw new Error(`metrics-api (${stage}) has no HttpApiUrl output: deploy it first`);
  // CloudFormation names the bucket (resources/site.yml); serverless-finch reads it from the environment.
  const siteBucket = outputs.SiteBucketName;
  if (!siteBucket) throw new Error(`metrics-api (${stage}) has no SiteBucketName output: deploy it first`);

  await buildSite({ apiUrl, auth: authSettings(outputs) });
  await new Promise<void>((resolve, reject) => {
    const upload = spawn(
      process.execPath,
      [SERVERLESS_BIN, 'client', 'deploy', '--stage', stage, '--region', region, '--no-confirm'],
      { cwd, stdio: 'inherit', env: { ...process.env, FINCH_SITE_BUCKET: siteBucket } },
    );
    upload.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`client deploy exited with ${code}`))));
  });
  console.log(`Site for ${stage}: ${outputs.SiteUrl ?? '(see the SiteUrl output)'} -> API ${apiUrl}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
