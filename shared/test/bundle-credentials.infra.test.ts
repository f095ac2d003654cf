/**
 * Every function bundle `serverless package` builds for deploy takes its AWS credentials from the
 * environment and carries none of the SDK's default credential chain: no SSO, INI file, process,
 * web-identity or container provider, nor the STS/SSO clients they use (shared/serverless/esbuild.yml,
 * `alias`; shared/src/aws/clients.ts). The local stack runs the same bundles (serverless-offline uses
 * the same esbuild configuration), so its integration tests cover them working.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { packageService } from '../../test-support/packaging';
import { serviceDir } from '../../test-support/paths';

/** Strings only the default chain's providers hold (their environment variables and config keys). */
const CHAIN_MARKERS = {
  SSO: 'sso_session',
  'INI profiles and credential_process': 'credential_process',
  'web identity': 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'container credentials': 'AWS_CONTAINER_CREDENTIALS',
};
const STUB = 'No credential chain in a Runway bundle';
const PACKAGING_TIMEOUT = 600_000;

/** The JavaScript of each function's zip, by zip name. */
function bundlesIn(outDir: string): Map<string, string> {
  const bundles = new Map<string, string>();
  for (const zip of readdirSync(outDir).filter((name) => name.endsWith('.zip'))) {
    const files = unzipSync(readFileSync(join(outDir, zip)));
    const code = Object.entries(files)
      .filter(([name]) => name.endsWith('.js'))
      .map(([, data]) => strFromU8(data))
      .join('\n');
    bundles.set(zip, code);
  }
  return bundles;
}

describe.each(['metrics-api', 'approval-gateway', 'pipeline-triggers', 'image-pipeline-starter'])(
  '%s packaged for deploy',
  (service) => {
    test(
      'every function bundle reads credentials from the environment and carries no default credential chain',
      async () => {
        const outDir = mkdtempSync(join(tmpdir(), `runway-${service}-credentials-`));
        const workFolder = '.esbuild-credentials';
        try {
          await packageService(service, 'dev', outDir, { esbuildWorkFolder: workFolder });
          const bundles = bundlesIn(outDir);
          expect(bundles.size).toBeGreaterThan(0);
          for (const [zip, code] of bundles) {
            const carried = Object.entries(CHAIN_MARKERS)
              .filter(([, marker]) => code.includes(marker))
              .map(([provider]) => provider);
            expect({ zip, carried }).toEqual({ zip, carried: [] });
            // The environment provider is there, and the chain's place is held by the stub.
            expect(code).toContain('AWS_SECRET_ACCESS_KEY');
            expect(code).toContain(STUB);
          }
        } finally {
          rmSync(outDir, { recursive: true, force: true });
          rmSync(join(serviceDir(service), workFolder), { recursive: true, force: true });
        }
      },
      PACKAGING_TIMEOUT,
    );
  },
);
