/**
 * `npm run package`: `serverless package` for every service and stage, with
 * no AWS credentials. Fails when any of them fails.
 * Usage: npm run package [-- --stage dev --stage prod] [-- --service metrics-api]
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, SERVERLESS_BIN, serviceDir } from './local/paths';

const run = promisify(execFile);

function optionValues(name: string): string[] {
  const values: string[] = [];
  process.argv.forEach((arg, index) => {
    const next = process.argv[index + 1];
    if (arg === `--${name}` && next) values.push(next);
  });
  return values;
}

export const SERVICES = readdirSync(join(ROOT, 'services')).sort();

async function packageService(service: string, stage: string): Promise<void> {
  const outDir = join('.package', stage);
  await run(process.execPath, [SERVERLESS_BIN, 'package', '--stage', stage, '--package', outDir], {
    cwd: serviceDir(service),
    maxBuffer: 32 * 1024 * 1024,
    env: {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
    },
  });
}

async function main(): Promise<void> {
  const stages = optionValues('stage');
  const services = optionValues('service');
  let failed = 0;
  for (const service of services.length > 0 ? services : SERVICES) {
    for (const stage of stages.length > 0 ? stages : ['dev', 'prod']) {
      const started = Date.now();
      try {
        await packageService(service, stage);
        console.log(`ok    ${service} (${stage}) ${Date.now() - started} ms -> services/${service}/.package/${stage}`);
      } catch (error) {
        failed += 1;
        const output = error as { stdout?: string; stderr?: string };
        console.error(`FAIL  ${service} (${stage})\n${output.stdout ?? ''}${output.stderr ?? String(error)}`);
      }
    }
  }
  if (failed > 0) {
    console.error(`${failed} package run(s) failed`);
    process.exit(1);
  }
}

if (require.main === module) void main();
