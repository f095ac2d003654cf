/**
 * Packaged CloudFormation templates for tests, packaged on demand: `serverless package` runs
 * once per service, stage and content of what shapes the template (serverless.yml,
 * resources/, shared/serverless/, the lock file), and the template is kept under
 * node_modules/.cache/runway-templates/<hash>. A clean clone packages on first use; a rerun
 * with the same inputs reads the cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkParams, packageService, TEMPLATE_FILE } from './packaging';
import { ROOT, serviceDir } from './paths';
import type { Template } from './template';

const CACHE = join(ROOT, 'node_modules', '.cache', 'runway-templates');

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Hash of everything that decides the template of a service (its code only changes artifact hashes). */
export function templateInputsHash(service: string, stage: string, params: Record<string, string> = {}): string {
  const hash = createHash('sha256').update(`${service}\n${stage}\n${JSON.stringify(params)}\n`);
  const inputs = [
    join(serviceDir(service), 'serverless.yml'),
    join(serviceDir(service), 'resources'),
    join(ROOT, 'shared', 'serverless'),
    // The approver directory files become approval-gateway's SSM parameter.
    join(ROOT, 'directory'),
    join(ROOT, 'package-lock.json'),
  ];
  for (const file of inputs.flatMap(filesUnder)) {
    hash.update(relative(ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 24);
}

const LOCK_STALE_MS = 5 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding the service's lock: serverless-esbuild builds in the service's own
 * `.esbuild/` folder, so two test workers must not package the same service at once.
 */
async function withServiceLock<T>(service: string, work: () => Promise<T>): Promise<T> {
  const lock = join(CACHE, `${service}.lock`);
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function packageInto(
  service: string,
  stage: string,
  params: Record<string, string>,
  cached: string,
): Promise<void> {
  const workDir = join(CACHE, `work-${service}-${stage}-${process.pid}-${Date.now()}`);
  try {
    await packageService(service, stage, workDir, params);
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, readFileSync(join(workDir, TEMPLATE_FILE)));
    renameSync(partial, cached); // atomic: a reader sees the whole file or none
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The packaged template of `service` for `stage` as the checks package it (checkParams), with
 * `params` overriding the stage's, as compose or `--param` would; packaged first unless the
 * cache has it.
 */
export async function packagedTemplate(
  service: string,
  stage: string,
  extraParams: Record<string, string> = {},
): Promise<Template> {
  const params = { ...checkParams(service, stage), ...extraParams };
  const cached = join(CACHE, `${service}-${stage}-${templateInputsHash(service, stage, params)}.json`);
  if (!existsSync(cached)) {
    await withServiceLock(service, async () => {
      // Another worker may have packaged it while this one waited.
      if (!existsSync(cached)) await packageInto(service, stage, params, cached);
    });
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as Template;
}
