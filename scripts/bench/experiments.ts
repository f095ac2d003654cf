import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { serviceDir } from '../../test-support/paths';
import type { Bundle } from './bundles';
import { functionSubject, type Subject } from './cold-start';
import { deployBuildOptions } from './deploy-build-options';
import type { Emulators } from './emulators';
import { RUNNER_DIR } from './runs';
import type { Workload } from './workload';

/** A variant of activityCreate built here, to measure what a change would buy. */
export interface Experiment {
  id: string;
  does: string;
  bytes: number;
}

const EXPERIMENTS_DIR = join(__dirname, 'experiments');

const ENV_ONLY_CREDENTIALS = { '@aws-sdk/credential-provider-node': join(EXPERIMENTS_DIR, 'env-credentials.ts') };

// Deployed functions bundle the token verifier of the local stack but never load it (shared/src/auth/token-verifier.ts).
const NO_TOKEN_VERIFIER = Object.fromEntries(
  ['aws-jwt-verify', 'aws-jwt-verify/jwk', 'aws-jwt-verify/error'].map((name) => [
    name,
    join(EXPERIMENTS_DIR, 'no-module.ts'),
  ]),
);

const VARIANTS = [
  {
    id: 'experiment/create-without-token-verifier',
    does: "activityCreate without sign-in's aws-jwt-verify in the bundle (esbuild alias): what the deployed function pays for carrying it",
    entry: { dir: serviceDir('metrics-api'), file: 'src/handlers/activity-create.ts' },
    alias: NO_TOKEN_VERIFIER,
  },
  {
    id: 'experiment/create-env-credentials',
    does: 'activityCreate with the credential chain replaced by an env-only provider (esbuild alias)',
    entry: { dir: serviceDir('metrics-api'), file: 'src/handlers/activity-create.ts' },
    alias: ENV_ONLY_CREDENTIALS,
  },
  {
    id: 'experiment/minimal-sdk-create',
    does: 'minimal handler: JSON.parse + DynamoDB DocumentClient PutItem, no Middy/Powertools/validation',
    entry: { dir: EXPERIMENTS_DIR, file: 'minimal-create.ts' },
    alias: {},
  },
  {
    id: 'experiment/minimal-sdk-create-env-credentials',
    does: 'the minimal handler with the env-only credential provider',
    entry: { dir: EXPERIMENTS_DIR, file: 'minimal-create.ts' },
    alias: ENV_ONLY_CREDENTIALS,
  },
];

/**
 * Builds the variants with the deploy options and turns them into subjects that
 * run activityCreate's event, interleaved with everything else.
 */
export async function experimentSubjects(
  create: Bundle,
  workload: Workload,
  emulators: Emulators,
  outDir: string,
): Promise<{ subjects: Subject[]; experiments: Experiment[] }> {
  const base = functionSubject(create, workload, emulators);
  const dir = join(outDir, 'experiments');
  mkdirSync(dir, { recursive: true });
  const subjects: Subject[] = [];
  const experiments: Experiment[] = [];
  for (const variant of VARIANTS) {
    const outfile = join(dir, `${variant.id.replace('experiment/', '')}.js`);
    await build({
      ...deployBuildOptions(),
      absWorkingDir: variant.entry.dir,
      entryPoints: [variant.entry.file],
      outfile,
      alias: variant.alias,
    });
    experiments.push({ id: variant.id, does: variant.does, bytes: statSync(outfile).size });
    subjects.push({
      ...base,
      id: variant.id,
      kind: 'experiment',
      // Same event and check as activityCreate, but the round's record stays the real function's.
      workload: { events: base.workload.events, check: base.workload.check },
      args: [join(RUNNER_DIR, 'node-runner.cjs'), outfile, 'handler'],
    });
  }
  return { subjects, experiments };
}
