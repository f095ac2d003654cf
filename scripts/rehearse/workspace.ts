/**
 * The rehearsal's copy of the repository: what a person has after `git clone && npm ci`, in a
 * temporary folder. node_modules is linked, not copied; deploy state (`.serverless`), packages and
 * build folders are left out, so nothing of this machine's earlier runs reaches the rehearsal.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { PLACEHOLDER_CERTIFICATE_ARN } from '../package-all';

const LEFT_OUT = new Set([
  'node_modules',
  '.git',
  '.serverless',
  '.package',
  '.esbuild',
  '.esbuild-package',
  '.esbuild-bench',
  '.local',
  'coverage',
  'test-results',
]);

export function copyRepository(root: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'runway-rehearsal-'));
  cpSync(root, copy, {
    recursive: true,
    filter: (source) => {
      const path = relative(root, source);
      return (
        path === '' ||
        (!LEFT_OUT.has(basename(source)) && path !== join('site', 'dist') && path !== join('bench', 'out'))
      );
    },
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** A machine that has not deployed: compose's local state (outputs of every service) is gone. */
export function forgetComposeState(copy: string): void {
  rmSync(join(copy, '.serverless'), { recursive: true, force: true });
}

/**
 * What DELIVERY.md's "Before the deploy, by hand" asks a person to write into the config: prod's
 * certificate (step 3, `certificateArn` under params.prod of pipeline-triggers), here a placeholder
 * ARN (the stand-in has no ACM). Fails when the config no longer has the line it is written after.
 */
export function doByHandSteps(copy: string): void {
  const file = join(copy, 'services', 'pipeline-triggers', 'serverless.yml');
  const config = readFileSync(file, 'utf8');
  const anchor = /^( {2}prod:\n(?: {4}.*\n)*? {4})allowPlainHttp: false\n/m;
  if (!anchor.test(config))
    throw new Error(`${file}: no "allowPlainHttp: false" under params.prod to set certificateArn beside`);
  writeFileSync(
    file,
    config.replace(anchor, `$1allowPlainHttp: false\n    certificateArn: ${PLACEHOLDER_CERTIFICATE_ARN}\n`),
  );
}
