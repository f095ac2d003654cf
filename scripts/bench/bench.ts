/**
 * `npm run bench`: bundle size, cold start and API throughput of every function,
 * against an empty Node handler (the floor) and Python peers, in one run.
 * Usage: npm run bench [-- --runs 15] [-- --load-seconds 12] [-- --no-load] [-- --no-analysis] [-- --reuse-packages]
 *        npm run bench -- --quick [--services metrics-api,pipeline-triggers]   (checks the bench works: 2 rounds,
 *          a 3 s load after a 2 s warm-up, no analysis; a quick run, or one of some services, writes
 *          bench/out/partial/, never bench/RESULTS.md)
 *        [-- --no-scale] [-- --scale-records 2000,20000]   (the data-size runs, scale.ts: skipped, or other sizes)
 *        [-- --scale-only]   (the data-size runs alone, printed, bench/RESULTS.md left as it is)
 *        npm run bench -- --report-only   (renders bench/RESULTS.md again from this machine's last run and the findings)
 * Writes bench/RESULTS.md (committed) and bench/results.json, the raw results of the run (not
 * committed: an output, kept only for --report-only); scratch files go to bench/out/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICES } from '../../test-support/packaging';
import { ROOT, serviceDir } from '../../test-support/paths';
import { analyseImports, type ImportAnalysis } from './analysis';
import { type Bundle, packageBundles } from './bundles';
import {
  FLOOR_ID,
  findPython,
  floorSubject,
  functionSubject,
  type PythonRuntime,
  pythonSubject,
  runColdStarts,
  type Subject,
} from './cold-start';
import { type Emulators, startEmulators } from './emulators';
import { runLoad } from './load';
import { markdownReport, terminalReport } from './report';
import {
  type BenchResults,
  failedLoad,
  functionResults,
  judgedLoad,
  type Phases,
  phasesOf,
  sameWorkResults,
  twinResults,
} from './results';
import { runOnce } from './runs';
import { type SameWorkTwin, sameWorkTwins } from './same-work-twins';
import { runScale, type ScaleResult, scaleTable, scaleVerdicts } from './scale';
import { TARGETS } from './targets';
import { type Twin, twinSubjects } from './twins';
import type { PythonPeer, ServiceBench, Workload } from './workload';

const BENCH_DIR = join(ROOT, 'bench');
const OUT_DIR = join(BENCH_DIR, 'out');
const FINDINGS = join(__dirname, 'findings.md');
const INSTALL_PYTHON = 'apt-get update && apt-get install -y python3-boto3';

interface Options {
  runs: number;
  loadSeconds: number;
  warmUpSeconds: number;
  /** The services packaged and measured (all by default). */
  services: string[];
  quick: boolean;
  load: boolean;
  analysis: boolean;
  reusePackages: boolean;
  reportOnly: boolean;
  scale: boolean;
  scaleOnly: boolean;
  scaleRecords?: number[];
}

function positive(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, not ${value}`);
  return parsed;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '15' },
      'load-seconds': { type: 'string', default: '12' },
      'no-load': { type: 'boolean', default: false },
      'no-analysis': { type: 'boolean', default: false },
      'reuse-packages': { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      services: { type: 'string', default: SERVICES.join(',') },
      'no-scale': { type: 'boolean', default: false },
      'scale-only': { type: 'boolean', default: false },
      'scale-records': { type: 'string' },
    },
  });
  const services = values.services.split(',').filter(Boolean);
  const unknown = services.filter((service) => !SERVICES.includes(service));
  if (unknown.length > 0) throw new Error(`--services: no such service ${unknown.join(', ')} (${SERVICES.join(', ')})`);
  const { quick } = values;
  const scaleRecords = values['scale-records']?.split(',').map((size) => positive('scale-records', size));
  return {
    runs: quick ? 2 : positive('runs', values.runs),
    loadSeconds: quick ? 3 : positive('load-seconds', values['load-seconds']),
    warmUpSeconds: quick ? 2 : 10,
    services,
    quick,
    load: !values['no-load'],
    analysis: !quick && !values['no-analysis'],
    reusePackages: values['reuse-packages'],
    reportOnly: values['report-only'],
    scale: !values['no-scale'],
    scaleOnly: values['scale-only'],
    ...(scaleRecords === undefined ? {} : { scaleRecords }),
  };
}

const log = (line: string) => console.log(`[bench] ${line}`);

/** What the services' bench files declare, by `service/functionKey` (functions) and by module name (peers). */
interface Benches {
  services: { service: string; bench: ServiceBench }[];
  workloads: Map<string, Workload>;
  peers: Map<string, PythonPeer>;
}

/** Every `services/<name>/bench/*.bench.ts` of `services`: each exports `bench`, its service's workloads. */
async function discoverBenches(services: readonly string[]): Promise<Benches> {
  const benches: Benches = { services: [], workloads: new Map(), peers: new Map() };
  for (const service of services) {
    const dir = join(serviceDir(service), 'bench');
    const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.bench.ts')) : [];
    for (const file of files.sort()) {
      const { bench } = (await import(join(dir, file))) as { bench: ServiceBench };
      benches.services.push({ service, bench });
      for (const [key, workload] of Object.entries(bench.workloads))
        benches.workloads.set(`${service}/${key}`, workload);
      for (const [name, peer] of Object.entries(bench.peers ?? {}))
        benches.peers.set(name, { ...peer, envOf: `${service}/${peer.envOf}` });
    }
  }
  return benches;
}

function workloadOf(benches: Benches, bundle: Bundle): Workload {
  const workload = benches.workloads.get(bundle.id);
  if (workload === undefined)
    throw new Error(`No workload for ${bundle.id}: add it to services/${bundle.service}/bench/`);
  return workload;
}

/** Functions in the order a round runs them (each service's bench file says its order). */
function orderedBundles(bundles: readonly Bundle[], benches: Benches): Bundle[] {
  const order = [...benches.workloads.keys()];
  for (const bundle of bundles) workloadOf(benches, bundle);
  return [...bundles].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/**
 * Each function's Python peer runs right after the last function it stands beside; its same-work
 * twin right after it, and each kind's twin right after the function whose event it runs.
 */
function subjectsInOrder(
  bundles: readonly Bundle[],
  benches: Benches,
  emulators: Emulators,
  python: PythonRuntime | undefined,
  twinsAfter: ReadonlyMap<string, Subject>,
  sameWorkAfter: ReadonlyMap<string, Subject>,
): Subject[] {
  const subjects: Subject[] = [floorSubject(OUT_DIR)];
  const ordered = orderedBundles(bundles, benches);
  const peerOf = (bundle: Bundle) => workloadOf(benches, bundle).peer;
  ordered.forEach((bundle, index) => {
    subjects.push(functionSubject(bundle, workloadOf(benches, bundle), emulators));
    const sameWork = sameWorkAfter.get(bundle.id);
    if (sameWork) subjects.push(sameWork);
    const twin = twinsAfter.get(bundle.id);
    if (twin) subjects.push(twin);
    const peer = peerOf(bundle);
    const peerDeclared = peer === undefined ? undefined : benches.peers.get(peer);
    const laterWithSamePeer = ordered.slice(index + 1).some((later) => peerOf(later) === peer);
    if (python && peer && peerDeclared && !laterWithSamePeer)
      subjects.push(pythonSubject(peer, peerDeclared, python, bundles, emulators));
  });
  return subjects;
}

/** Each service's seed events, handled once by its function before the rounds. */
async function seed(bundles: readonly Bundle[], benches: Benches, emulators: Emulators): Promise<void> {
  for (const { service, bench } of benches.services) {
    if (bench.seed === undefined) continue;
    const bundle = bundles.find((candidate) => candidate.id === `${service}/${bench.seed?.functionKey}`);
    if (bundle === undefined) continue;
    const subject = functionSubject(bundle, workloadOf(benches, bundle), emulators);
    const eventsPath = join(OUT_DIR, 'seed-events.json');
    const outcome = await runOnce({ ...subject, events: bench.seed.events(), eventsPath });
    if (outcome.error) throw new Error(`Seeding ${bundle.id} failed: ${outcome.error}\n${outcome.output.slice(-2000)}`);
  }
}

/** The round of the same-work twins' capture runs: an index of its own, so its weeks and names meet no measured round's. */
const SAME_WORK_ROUND = 40_000;

async function analyseAll(
  bundles: readonly Bundle[],
  benches: Benches,
  emulators: Emulators,
): Promise<ImportAnalysis[]> {
  const round = { index: 50_000, emulators, kept: {} };
  const analyses: ImportAnalysis[] = [];
  for (const bundle of orderedBundles(bundles, benches)) {
    const subject = functionSubject(bundle, workloadOf(benches, bundle), emulators);
    analyses.push(await analyseImports(bundle, subject, round, OUT_DIR));
  }
  log(`analysed the imports of ${analyses.length} functions`);
  return analyses;
}

/** Each service's data-size run (ServiceBench.scale), on the same emulators. */
async function runScales(
  bundles: readonly Bundle[],
  benches: Benches,
  emulators: Emulators,
  sizes: number[] | undefined,
): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  for (const { service, bench } of benches.services) {
    const bundle = bundles.find((candidate) => candidate.id === `${service}/${bench.scale?.functionKey}`);
    if (bench.scale === undefined || bundle === undefined) continue;
    results.push(await runScale(bundle, bench.scale, emulators, { outDir: OUT_DIR, sizes, log }));
  }
  return results;
}

/** `--scale-only`: the data-size runs on their own emulators, printed; the report stays as it is. */
async function scaleOnly(bundles: readonly Bundle[], benches: Benches, sizes: number[] | undefined): Promise<void> {
  const emulators = await startEmulators(SERVICES);
  try {
    const results = await runScales(bundles, benches, emulators, sizes);
    console.log(`\n${scaleTable(results)}\n\n${scaleVerdicts(results).join('\n')}`);
  } finally {
    await emulators.close();
  }
}

function machine(loadAtStart: number[]): BenchResults['machine'] {
  return {
    loadAtStart,
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown CPU',
    loadAverage: loadavg(),
  };
}

const RAW_RESULTS = join(BENCH_DIR, 'results.json');

/** bench/results.json and bench/RESULTS.md; a quick or partial run's go to bench/out/partial/, so they never pass for results. */
function writeReports(results: BenchResults, partial = false): void {
  const dir = partial ? join(OUT_DIR, 'partial') : BENCH_DIR;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const findings = existsSync(FINDINGS) ? readFileSync(FINDINGS, 'utf8') : '';
  writeFileSync(join(dir, 'RESULTS.md'), markdownReport(results, findings));
  console.log(`\n${terminalReport(results)}\n\nWritten: ${join(dir, 'results.json')}, ${join(dir, 'RESULTS.md')}`);
}

/**
 * Waits (up to two and a half minutes) for the 1-minute load average to fall to the CPU count: the
 * phases before the load test (a 200,000-record seeding) keep the machine busy for a while after.
 */
async function settle(): Promise<void> {
  const deadline = Date.now() + 150_000;
  while ((loadavg()[0] ?? 0) > cpus().length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  log(
    `load: starting at a load average of ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' / ')}`,
  );
}

/** The load test, judged; one that throws (a stack too slow to start on a busy machine) is reported, not fatal. */
async function measureLoad(options: Options): Promise<BenchResults['load']> {
  if (!options.quick) await settle();
  const loadBefore = loadavg();
  try {
    return judgedLoad(
      await runLoad({ connections: 50, seconds: options.loadSeconds, warmUpSeconds: options.warmUpSeconds, log }),
    );
  } catch (error) {
    log(`load: did not finish: ${error instanceof Error ? error.message : String(error)}`);
    return failedLoad(error, { cpus: cpus().length, loadBefore, loadAfter: loadavg() });
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.reportOnly) {
    if (!existsSync(RAW_RESULTS)) {
      throw new Error(
        '--report-only renders the last run on this machine, and there is none: run `npm run bench` first',
      );
    }
    writeReports(JSON.parse(readFileSync(RAW_RESULTS, 'utf8')) as BenchResults);
    return;
  }
  const loadAtStart = loadavg();
  mkdirSync(OUT_DIR, { recursive: true });
  rmSync(join(OUT_DIR, 'events'), { recursive: true, force: true });
  const bundles = await packageBundles(OUT_DIR, log, {
    reusePackages: options.reusePackages,
    services: options.services,
  });
  const python = findPython();
  if (python === undefined) {
    log(`Python 3 with boto3 not found: the Python column is skipped. Install it with: ${INSTALL_PYTHON}`);
  } else {
    log(`Python peers: ${python.command} ${python.version}, boto3 ${python.boto3}`);
  }

  const benches = await discoverBenches(options.services);
  if (options.scaleOnly) {
    await scaleOnly(bundles, benches, options.scaleRecords);
    return;
  }
  // Every service's tables: a function of one service may read another's (the two-person rule, the gateway's).
  const emulators = await startEmulators(SERVICES);
  let runs: Awaited<ReturnType<typeof runColdStarts>>;
  let analysis: ImportAnalysis[] = [];
  let twins: Twin[] = [];
  let sameWork: SameWorkTwin[] = [];
  let scale: ScaleResult[] = [];
  try {
    for (const { bench } of benches.services) await bench.setup?.(emulators);
    await seed(bundles, benches, emulators);
    const twinned = await twinSubjects(bundles, (bundle) => workloadOf(benches, bundle), emulators, OUT_DIR);
    twins = twinned.twins;
    const sameWorkTwinned = await sameWorkTwins({
      subjects: orderedBundles(bundles, benches).map((bundle) => ({
        bundle,
        subject: functionSubject(bundle, workloadOf(benches, bundle), emulators),
      })),
      emulators,
      round: { index: SAME_WORK_ROUND, emulators, kept: {} },
      outDir: OUT_DIR,
      log,
    });
    sameWork = sameWorkTwinned.twins;
    runs = await runColdStarts({
      subjects: subjectsInOrder(bundles, benches, emulators, python, twinned.after, sameWorkTwinned.after),
      rounds: options.runs,
      emulators,
      outDir: OUT_DIR,
      log,
    });
    if (options.analysis) analysis = await analyseAll(bundles, benches, emulators);
    if (options.scale) scale = await runScales(bundles, benches, emulators, options.scaleRecords);
  } finally {
    await emulators.close();
  }

  const load = options.load ? await measureLoad(options) : undefined;

  const phasesOfRun = (id: string): Phases => phasesOf(runs.find((run) => run.id === id)?.timings ?? []);
  const failuresOf = (id: string) => runs.find((run) => run.id === id)?.failures ?? [];
  const pythonPeers = python
    ? [...benches.peers].map(([name, peer]) => ({
        id: `python/${name}`,
        does: peer.does,
        phases: phasesOfRun(`python/${name}`),
        failures: failuresOf(`python/${name}`),
      }))
    : [];
  const floor = {
    id: FLOOR_ID,
    does: 'exports.handler = async () => ({ statusCode: 200 })',
    phases: phasesOfRun(FLOOR_ID),
    failures: failuresOf(FLOOR_ID),
  };
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: machine(loadAtStart),
    python: python ?? { skipped: `no python3 with boto3; install with: ${INSTALL_PYTHON}` },
    runsPerSubject: options.runs,
    targets: TARGETS,
    floor,
    functions: functionResults(
      orderedBundles(bundles, benches).map((bundle) => ({
        id: bundle.id,
        zipBytes: bundle.zipBytes,
        unzippedBytes: bundle.unzippedBytes,
        pythonPeer: `python/${workloadOf(benches, bundle).peer ?? 'none'}`,
        kind: bundle.kind,
      })),
      runs,
      floor.phases,
      new Map(pythonPeers.map((peer) => [peer.id, peer.phases])),
    ),
    pythonPeers,
    twins: twinResults(twins, runs, floor.phases, (twin) => {
      const peer = benches.workloads.get(twin.runsLike)?.peer;
      return pythonPeers.find((candidate) => candidate.id === `python/${peer}`)?.phases;
    }),
    sameWorkTwins: sameWorkResults(sameWork, runs),
    load,
    analysis,
    scale,
  };
  writeReports(results, options.quick || options.services.length < SERVICES.length);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
