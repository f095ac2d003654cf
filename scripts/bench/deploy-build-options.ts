import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { load } from 'js-yaml';
import { ROOT } from '../../test-support/paths';

interface EsbuildYaml {
  bundle: boolean;
  minify: boolean;
  treeShaking: boolean;
  target: string;
  platform: BuildOptions['platform'];
  format: BuildOptions['format'];
  mainFields: string[];
  /** Paths relative to a service's folder, where serverless-esbuild runs. */
  alias: Record<string, string>;
}

/**
 * The esbuild options deploy uses, read from shared/serverless/esbuild.yml itself, so the bench's
 * own rebuilds (metafile, experiments) cannot drift from what `serverless package` bundles.
 */
export function deployBuildOptions(): BuildOptions {
  const yaml = load(readFileSync(join(ROOT, 'shared', 'serverless', 'esbuild.yml'), 'utf8')) as EsbuildYaml;
  return {
    bundle: yaml.bundle,
    minify: yaml.minify,
    treeShaking: yaml.treeShaking,
    target: yaml.target,
    platform: yaml.platform,
    format: yaml.format,
    mainFields: yaml.mainFields,
    alias: Object.fromEntries(
      Object.entries(yaml.alias).map(([name, path]) => [name, resolve(ROOT, 'services', 'any', path)]),
    ),
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
  };
}
