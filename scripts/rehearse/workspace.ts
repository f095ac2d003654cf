/**
 * The rehearsal's copy of the repository: what a person has after `git clone && npm ci`, in a
 * temporary folder. node_modules is linked, not copied; deploy state (`.serverless`), packages and
 * build folders are left out, so nothing of this machine's earlier runs reaches the rehearsal.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

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
