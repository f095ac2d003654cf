/**
 * The rehearsal's copy of the repository: what a person has after `git clone && npm ci`, in a
 * temporary folder. node_modules is linked, not copied; deploy state (`.serverless`), packages and
 * build folders are left out, so nothing of this machine's earlier runs reaches the rehearsal.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** The service whose params carry the public load balancer's certificate (alb-listeners.js). */
export const CERTIFICATE_SERVICE = 'delivery-platform';

/**
 * What DELIVERY.md ("First deployment in a fresh account", step 3) has a person do by hand before
 * prod's first deploy: request an ACM certificate and set its ARN as `certificateArn` under
 * `params.prod`. The stand-in has no ACM; the copy gets the checks' placeholder ARN, as a person's
 * commit would add theirs. Throws when the file no longer has the `params.prod` it writes into.
 */
export function setProdCertificate(copy: string, certificateArn: string): void {
  const file = join(copy, 'services', CERTIFICATE_SERVICE, 'serverless.yml');
  const config = readFileSync(file, 'utf8');
  const prodParams = /^params:\n(?: {2}\S.*\n| {4}.*\n|\s*\n)*? {2}prod:\n/m.exec(config);
  if (!prodParams) throw new Error(`${file}: no params.prod to set certificateArn in`);
  const at = prodParams.index + prodParams[0].length;
  writeFileSync(file, `${config.slice(0, at)}    certificateArn: ${certificateArn}\n${config.slice(at)}`);
}
