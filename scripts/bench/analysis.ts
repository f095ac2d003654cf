import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { serviceDir } from '../../test-support/paths';
import { builtinCategory, type CpuProfile, familyOf, largest, packageOf, selfTimes, tally } from './attribution';
import type { Bundle } from './bundles';
import type { Subject } from './cold-start';
import { deployBuildOptions } from './deploy-build-options';
import { RUNNER_DIR, runOnce } from './runs';
import type { Round } from './workload';

export interface ImportAnalysis {
  id: string;
  /** Size of the rebuilt bundle; it should equal the packaged one. */
  rebuiltBytes: number;
  /** Bytes in the bundle per package, largest first (esbuild metafile). */
  bytesByPackage: [string, number][];
  bytesByFamily: [string, number][];
  /** Self CPU time (ms) of one profiled cold start, per package or V8/Node category, largest first. */
  cpuByPackage: [string, number][];
  cpuByFamily: [string, number][];
  profiledMs: number;
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Rebuilds a handler with the options of shared/serverless/esbuild.yml, plus a metafile and a source map. */
async function rebuild(bundle: Bundle, outDir: string): Promise<{ file: string; metafile: Metafile }> {
  const file = join(outDir, 'handler.js');
  const result = await build({
    ...deployBuildOptions(),
    absWorkingDir: serviceDir(bundle.service),
    entryPoints: [bundle.sourceEntry],
    outfile: file,
    sourcemap: 'external',
    metafile: true,
  });
  return { file, metafile: result.metafile as Metafile };
}

function bytesByPackage(metafile: Metafile): Map<string, number> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      tally(totals, packageOf(input), bytesInOutput);
  }
  return totals;
}

/** esbuild hoists every ES module into the bundle's one top-level scope: its code has no single source. */
const BUNDLE_TOP_LEVEL = "(bundle top level: every module's initialisation)";

function cpuByPackage(profile: CpuProfile, bundleFile: string, map: SourceMap): Map<string, number> {
  const times = selfTimes(profile);
  const totals = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = times.get(node.id) ?? 0;
    if (ms === 0) continue;
    const builtin = builtinCategory(node);
    if (builtin !== undefined) {
      tally(totals, builtin, ms);
      continue;
    }
    const { url, lineNumber, columnNumber } = node.callFrame;
    if (!url.endsWith(bundleFile.replaceAll('\\', '/'))) {
      tally(totals, url.includes(RUNNER_DIR) ? '(bench runner)' : url, ms);
      continue;
    }
    const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
    tally(totals, entry.originalSource ? packageOf(entry.originalSource) : BUNDLE_TOP_LEVEL, ms);
  }
  return totals;
}

function byFamily(totals: ReadonlyMap<string, number>): Map<string, number> {
  const families = new Map<string, number>();
  for (const [pkg, amount] of totals) tally(families, familyOf(pkg), amount);
  return families;
}

/**
 * What a function's cold start spends its bytes and its CPU on: the handler
 * rebuilt with esbuild's metafile and a source map, then one cold start under
 * `node --cpu-prof`, each sample mapped back to its package.
 */
export async function analyseImports(
  bundle: Bundle,
  subject: Subject,
  round: Round,
  outDir: string,
): Promise<ImportAnalysis> {
  const dir = join(outDir, 'analysis', bundle.service, bundle.functionKey);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { file, metafile } = await rebuild(bundle, dir);
  const bytes = bytesByPackage(metafile);
  const profileDir = join(dir, 'profile');
  // Asynchronously: the emulators answering the handler run in this process.
  const outcome = await runOnce({
    command: process.execPath,
    args: [
      '--cpu-prof',
      '--cpu-prof-interval',
      '100',
      '--cpu-prof-dir',
      profileDir,
      join(RUNNER_DIR, 'node-runner.cjs'),
      file,
      bundle.exportName,
    ],
    env: subject.env,
    events: await subject.workload.events(round),
    eventsPath: join(dir, 'events.json'),
  });
  const [profileFile] = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
  const profile = JSON.parse(readFileSync(join(profileDir, profileFile ?? 'missing'), 'utf8')) as CpuProfile;
  const map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
  const cpu = cpuByPackage(profile, file, map);
  const [result] = outcome.results;
  if (outcome.error === undefined && result !== undefined) await subject.workload.after?.(result, round);
  return {
    id: bundle.id,
    rebuiltBytes: readFileSync(file).length,
    bytesByPackage: largest(bytes, 8),
    bytesByFamily: largest(byFamily(bytes), 8),
    cpuByPackage: largest(cpu, 10),
    cpuByFamily: largest(byFamily(cpu), 10),
    profiledMs: [...cpu.values()].reduce((sum, ms) => sum + ms, 0),
  };
}
