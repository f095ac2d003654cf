/**
 * `npm run package`: `serverless package` for every service and stage, with
 * no AWS credentials. Fails when any of them fails.
 * Usage: npm run package [-- --stage dev --stage prod] [-- --service metrics-api]
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { ROOT, SERVERLESS_BIN, serviceDir } from './local/paths';

const run = promisify(execFile);

export const SERVICES = readdirSync(join(ROOT, 'services')).sort();
export const STAGES = ['dev', 'prod'];

/** Where `serverless package` writes a service's artifacts and CloudFormation templates by default. */
export const packageDir = (service: string, stage: string) => join(serviceDir(service), '.package', stage);
export const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

/**
 * What the offline checks package a stage with, besides its own params: prod refuses to package
 * without a certificate (resources/delivery/alb-listeners.js), and CI has none, so the checks
 * package prod as it deploys, with HTTPS listeners, naming a placeholder ACM certificate. The
 * plain-HTTP refusal and `allowPlainHttp` are tested on their own (pipeline-triggers' tests).
 */
export const PLACEHOLDER_CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000';
export function checkParams(service: string, stage: string): Record<string, string> {
  return service === 'pipeline-triggers' && stage === 'prod' ? { certificateArn: PLACEHOLDER_CERTIFICATE_ARN } : {};
}

/**
 * Settings only the local stack uses: a package is what deploy would upload, so they must never
 * reach it (the integration tests' global setup sets RUNWAY_CORS_ORIGINS in the very process
 * that later packages templates for the infrastructure tests).
 */
const LOCAL_STACK_ONLY = ['RUNWAY_CORS_ORIGINS', 'RUNWAY_LOCAL_TIMEOUT', 'RUNWAY_LOCAL_PEOPLE'];

/** The environment of `serverless package`: no AWS credentials, no local-stack settings. */
export function packagingEnv(env: NodeJS.ProcessEnv, stage: string): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of LOCAL_STACK_ONLY) delete clean[name];
  return {
    ...clean,
    SLS_TELEMETRY_DISABLED: '1',
    // Never the `.esbuild` folder a serverless-offline of the same service builds into: packaging
    // there (tests, verify, bench) would delete the handlers the running local stack serves.
    RUNWAY_ESBUILD_WORK_FOLDER: env.RUNWAY_ESBUILD_WORK_FOLDER ?? join('.esbuild-package', stage),
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
  };
}

/**
 * Packages one service for one stage into `outDir` (absolute, or relative to the service);
 * `params` override the stage's params as `--param` would (what compose passes, another NAT mode).
 */
export async function packageService(
  service: string,
  stage: string,
  outDir = join('.package', stage),
  params: Record<string, string> = {},
): Promise<void> {
  const paramArgs = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  await run(process.execPath, [SERVERLESS_BIN, 'package', '--stage', stage, '--package', outDir, ...paramArgs], {
    cwd: serviceDir(service),
    maxBuffer: 32 * 1024 * 1024,
    env: packagingEnv(process.env, stage),
  });
}

export interface PackageRun {
  service: string;
  stage: string;
  ok: boolean;
  milliseconds: number;
  output?: string;
}

/**
 * Packages each service for each stage, one at a time, into its `.package/<stage>` (with the
 * checks' params: checkParams); never throws.
 */
export async function packageAll(
  services: readonly string[] = SERVICES,
  stages: readonly string[] = STAGES,
  onRun: (run: PackageRun) => void = () => undefined,
): Promise<PackageRun[]> {
  const runs: PackageRun[] = [];
  for (const service of services) {
    for (const stage of stages) {
      const started = Date.now();
      let result: PackageRun;
      try {
        await packageService(service, stage, undefined, checkParams(service, stage));
        result = { service, stage, ok: true, milliseconds: Date.now() - started };
      } catch (error) {
        const output = error as { stdout?: string; stderr?: string };
        result = {
          service,
          stage,
          ok: false,
          milliseconds: Date.now() - started,
          output: `${output.stdout ?? ''}${output.stderr ?? String(error)}`,
        };
      }
      runs.push(result);
      onRun(result);
    }
  }
  return runs;
}

export function printPackageRun(result: PackageRun): void {
  if (result.ok) {
    const target = `services/${result.service}/.package/${result.stage}`;
    console.log(`ok    ${result.service} (${result.stage}) ${result.milliseconds} ms -> ${target}`);
  } else {
    console.error(`FAIL  ${result.service} (${result.stage})\n${result.output ?? ''}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stage: { type: 'string', multiple: true }, service: { type: 'string', multiple: true } },
  });
  const stages = values.stage ?? [];
  const services = values.service ?? [];
  const runs = await packageAll(
    services.length > 0 ? services : SERVICES,
    stages.length > 0 ? stages : STAGES,
    printPackageRun,
  );
  const failed = runs.filter((result) => !result.ok).length;
  if (failed > 0) {
    console.error(`${failed} package run(s) failed`);
    process.exit(1);
  }
}

if (require.main === module) void main();
