/**
 * `serverless package` of one service and stage, as the offline checks, the tests, the benchmark
 * and `npm run package` (scripts/package-all.ts) run it: no AWS credentials, never in the `.esbuild`
 * folder of a running serverless-offline.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, SERVERLESS_BIN, serviceDir } from './paths';

const run = promisify(execFile);

export const SERVICES = readdirSync(join(ROOT, 'services')).sort();
export const STAGES = ['dev', 'prod'];

/** Where `serverless package` writes a service's artifacts and CloudFormation templates by default. */
export const packageDir = (service: string, stage: string) => join(serviceDir(service), '.package', stage);
export const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

/**
 * What the offline checks package a stage with, besides its own params: prod refuses to package
 * without a certificate (delivery-platform's resources/alb-listeners.js), and CI has none, so the checks
 * package prod as it deploys, with HTTPS listeners, naming a placeholder ACM certificate. The
 * plain-HTTP refusal and `allowPlainHttp` are tested on their own (delivery-platform's tests).
 */
export const PLACEHOLDER_CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000';
export function checkParams(service: string, stage: string): Record<string, string> {
  return service === 'delivery-platform' && stage === 'prod' ? { certificateArn: PLACEHOLDER_CERTIFICATE_ARN } : {};
}

/**
 * The environment of `serverless package`: no AWS credentials. Everything else of the shell passes
 * through: the configuration reads no local-stack setting (the local stack gives its own as
 * `--param`), so a package is what deploy builds from any shell (test/packaging.infra.test.ts).
 */
export function packagingEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    SLS_TELEMETRY_DISABLED: '1',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
  };
}

/**
 * The params of `serverless package`: the given ones, and never the `.esbuild` work folder a
 * serverless-offline of the same service builds into: packaging there (tests, verify, bench) would
 * delete the handlers the running local stack serves.
 */
export function packagingParams(stage: string, params: Record<string, string> = {}): Record<string, string> {
  return { esbuildWorkFolder: join('.esbuild-package', stage), ...params };
}

/**
 * Packages one service for one stage into `outDir` (absolute, or relative to the service);
 * `params` override the stage's params as `--param` would (what compose passes, another NAT mode).
 * `env` is the shell it packages from.
 */
export async function packageService(
  service: string,
  stage: string,
  outDir = join('.package', stage),
  params: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const paramArgs = Object.entries(packagingParams(stage, params)).flatMap(([name, value]) => [
    '--param',
    `${name}=${value}`,
  ]);
  await run(process.execPath, [SERVERLESS_BIN, 'package', '--stage', stage, '--package', outDir, ...paramArgs], {
    cwd: serviceDir(service),
    maxBuffer: 32 * 1024 * 1024,
    env: packagingEnv(env),
  });
}
