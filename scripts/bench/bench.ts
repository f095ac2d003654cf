/**
 * `npm run bench`: bundle size, cold start and API throughput of every function,
 * against an empty Node handler (the floor) and Python peers, in one run.
 * Usage: npm run bench [-- --runs 15] [-- --load-seconds 12] [-- --no-load] [-- --no-analysis] [-- --reuse-packages]
 *        npm run bench -- --report-only   (renders bench/RESULTS.md again from this machine's last run and the findings)
 * Writes bench/RESULTS.md (committed) and bench/results.json, the raw results of the run (not
 * committed: an output, kept only for --report-only); scratch files go to bench/out/.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { githubSample } from '../../services/pipeline-triggers/test/support/fixtures';
import { ROOT } from '../../test-support/paths';
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
import { type Experiment, experimentSubjects } from './experiments';
import { runLoad } from './load';
import { markdownReport, terminalReport } from './report';
import { type BenchResults, experimentResults, functionResults, judgedLoad, type Phases, phasesOf } from './results';
import { runOnce } from './runs';
import { activityBody, FUNCTION_WORKLOADS, httpEvent, PEER_OF, PYTHON_PEERS } from './subjects';
import { TARGETS } from './targets';

const BENCH_DIR = join(ROOT, 'bench');
const OUT_DIR = join(BENCH_DIR, 'out');
const FINDINGS = join(__dirname, 'findings.md');
const INSTALL_PYTHON = 'apt-get update && apt-get install -y python3-boto3';

interface Options {
  runs: number;
  loadSeconds: number;
  load: boolean;
  analysis: boolean;
  reusePackages: boolean;
  reportOnly: boolean;
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
    },
  });
  return {
    runs: positive('runs', values.runs),
    loadSeconds: positive('load-seconds', values['load-seconds']),
    load: !values['no-load'],
    analysis: !values['no-analysis'],
    reusePackages: values['reuse-packages'],
    reportOnly: values['report-only'],
  };
}

const log = (line: string) => console.log(`[bench] ${line}`);

/** Functions in the order a round runs them (create before get/update/delete, notification before the pages). */
function orderedBundles(bundles: readonly Bundle[]): Bundle[] {
  const order = Object.keys(FUNCTION_WORKLOADS);
  const unknown = bundles.filter((bundle) => !order.includes(bundle.id));
  if (unknown.length > 0) {
    throw new Error(`No representative event for ${unknown.map((bundle) => bundle.id).join(', ')}: add to subjects.ts`);
  }
  return [...bundles].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/**
 * Each function's Python peer runs right after the last function it stands beside;
 * the experiments (variants of activityCreate) right after activityCreate.
 */
function subjectsInOrder(
  bundles: readonly Bundle[],
  emulators: Emulators,
  python: PythonRuntime | undefined,
  experiments: readonly Subject[],
): Subject[] {
  const subjects: Subject[] = [floorSubject(OUT_DIR)];
  const ordered = orderedBundles(bundles);
  ordered.forEach((bundle, index) => {
    subjects.push(functionSubject(bundle, emulators));
    if (bundle.id === 'metrics-api/activityCreate') subjects.push(...experiments);
    const peer = PEER_OF[bundle.id];
    const laterWithSamePeer = ordered.slice(index + 1).some((later) => PEER_OF[later.id] === peer);
    if (python && peer && !laterWithSamePeer) subjects.push(pythonSubject(peer, python, bundles, emulators));
  });
  return subjects;
}

/** Some activities for the list, export and summary functions to read. */
async function seedActivities(bundles: readonly Bundle[], emulators: Emulators): Promise<void> {
  const create = bundles.find((bundle) => bundle.id === 'metrics-api/activityCreate');
  if (create === undefined) return;
  const subject = functionSubject(create, emulators);
  const events = Array.from({ length: 40 }, (_, index) =>
    httpEvent({
      method: 'POST',
      routeKey: 'POST /activities',
      path: '/activities',
      body: activityBody(index),
      signedIn: true,
    }),
  );
  const outcome = await runOnce({ ...subject, events, eventsPath: join(OUT_DIR, 'seed-events.json') });
  if (outcome.error) throw new Error(`Seeding activities failed: ${outcome.error}\n${outcome.output.slice(-2000)}`);
}

async function analyseAll(bundles: readonly Bundle[], emulators: Emulators): Promise<ImportAnalysis[]> {
  const round = { index: 50_000, emulators };
  const analyses: ImportAnalysis[] = [];
  for (const bundle of orderedBundles(bundles)) {
    analyses.push(await analyseImports(bundle, functionSubject(bundle, emulators), round, OUT_DIR));
  }
  log(`analysed the imports of ${analyses.length} functions`);
  return analyses;
}

function machine(): BenchResults['machine'] {
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown CPU',
    loadAverage: loadavg(),
  };
}

const RAW_RESULTS = join(BENCH_DIR, 'results.json');

function writeReports(results: BenchResults): void {
  writeFileSync(RAW_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const findings = existsSync(FINDINGS) ? readFileSync(FINDINGS, 'utf8') : '';
  writeFileSync(join(BENCH_DIR, 'RESULTS.md'), markdownReport(results, findings));
  console.log(`\n${terminalReport(results)}\n\nWritten: bench/results.json, bench/RESULTS.md`);
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
  mkdirSync(OUT_DIR, { recursive: true });
  rmSync(join(OUT_DIR, 'events'), { recursive: true, force: true });
  const bundles = await packageBundles(OUT_DIR, log, { reusePackages: options.reusePackages });
  const python = findPython();
  if (python === undefined) {
    log(`Python 3 with boto3 not found: the Python column is skipped. Install it with: ${INSTALL_PYTHON}`);
  } else {
    log(`Python peers: ${python.command} ${python.version}, boto3 ${python.boto3}`);
  }

  const emulators = await startEmulators(githubSample().secret);
  let runs: Awaited<ReturnType<typeof runColdStarts>>;
  let analysis: ImportAnalysis[] = [];
  let experiments: Experiment[] = [];
  try {
    await seedActivities(bundles, emulators);
    const create = bundles.find((bundle) => bundle.id === 'metrics-api/activityCreate');
    const variants = create ? await experimentSubjects(create, emulators, OUT_DIR) : { subjects: [], experiments: [] };
    experiments = variants.experiments;
    runs = await runColdStarts({
      subjects: subjectsInOrder(bundles, emulators, python, variants.subjects),
      rounds: options.runs,
      emulators,
      outDir: OUT_DIR,
      log,
    });
    if (options.analysis) analysis = await analyseAll(bundles, emulators);
  } finally {
    await emulators.close();
  }

  const load = options.load
    ? judgedLoad(await runLoad({ connections: 50, seconds: options.loadSeconds, warmUpSeconds: 10, log }))
    : undefined;

  const phasesOfRun = (id: string): Phases => phasesOf(runs.find((run) => run.id === id)?.timings ?? []);
  const failuresOf = (id: string) => runs.find((run) => run.id === id)?.failures ?? [];
  const pythonPeers = python
    ? Object.entries(PYTHON_PEERS).map(([name, peer]) => ({
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
    machine: machine(),
    python: python ?? { skipped: `no python3 with boto3; install with: ${INSTALL_PYTHON}` },
    runsPerSubject: options.runs,
    targets: TARGETS,
    floor,
    functions: functionResults(
      orderedBundles(bundles).map((bundle) => ({
        id: bundle.id,
        zipBytes: bundle.zipBytes,
        unzippedBytes: bundle.unzippedBytes,
        pythonPeer: `python/${PEER_OF[bundle.id] ?? 'none'}`,
      })),
      runs,
      floor.phases,
      new Map(pythonPeers.map((peer) => [peer.id, peer.phases])),
    ),
    pythonPeers,
    experiments: experimentResults(
      experiments,
      runs,
      floor.phases,
      pythonPeers.find((peer) => peer.id === 'python/dynamodb_api')?.phases,
    ),
    load,
    analysis,
  };
  writeReports(results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
