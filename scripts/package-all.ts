/**
 * `npm run package`: `serverless package` for every service and stage, with
 * no AWS credentials. Fails when any of them fails.
 * Usage: npm run package [-- --stage dev --stage prod] [-- --service metrics-api]
 */
import { parseArgs } from 'node:util';
import { checkParams, packageService, SERVICES, STAGES } from '../test-support/packaging';

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
