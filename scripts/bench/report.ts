import type { ImportAnalysis } from './analysis';
import type { LoadResults } from './load';
import {
  type BenchResults,
  type FunctionResult,
  loadRoutes,
  type Phases,
  type ReferenceResult,
  type SameWorkTwinResult,
  type TwinResult,
} from './results';
import { scaleTable, scaleVerdicts } from './scale';
import { type Column, formatKib, formatMs, formatRatio, markdownTable, marked } from './table';
import { machineBusy, TARGETS } from './targets';

const FUNCTION_COLUMNS: Column[] = [
  { header: 'function' },
  { header: 'zip KiB', align: 'right' },
  { header: 'unzipped KiB', align: 'right' },
  { header: 'load ms', align: 'right' },
  { header: 'invoke ms', align: 'right' },
  { header: 'load+invoke', align: 'right' },
  { header: 'cold ms (median)', align: 'right' },
  { header: 'min', align: 'right' },
  { header: 'max', align: 'right' },
  { header: '× floor', align: 'right' },
  { header: 'kind', align: 'left' },
  { header: '× its kind twin', align: 'right' },
  { header: '× same-work twin', align: 'right' },
  { header: 'Python peer', align: 'left' },
  { header: '× faster than Python', align: 'right' },
  { header: 'runs', align: 'right' },
];

const runsCell = (result: { phases: Phases; failures: string[] }) =>
  result.failures.length > 0
    ? `${result.phases.cold.n} (${result.failures.length} failed)`
    : String(result.phases.cold.n);

function functionRow(result: FunctionResult): string[] {
  const { phases, judgement } = result;
  return [
    result.id,
    marked(formatKib(result.zipBytes), judgement.size),
    formatKib(result.unzippedBytes),
    formatMs(phases.load.median),
    formatMs(phases.invoke.median),
    formatMs(phases.code.median),
    formatMs(phases.cold.median),
    formatMs(phases.cold.min),
    formatMs(phases.cold.max),
    formatRatio(judgement.floorRatio),
    result.kind ?? '–',
    formatRatio(judgement.kindTwinRatio),
    marked(formatRatio(judgement.twinRatio), judgement.twin),
    result.pythonPeer,
    marked(formatRatio(judgement.pythonSpeedup), judgement.python),
    runsCell(result),
  ];
}

const REFERENCE_COLUMNS: Column[] = [
  { header: 'reference' },
  { header: 'boot ms', align: 'right' },
  { header: 'load ms', align: 'right' },
  { header: 'invoke ms', align: 'right' },
  { header: 'cold ms (median)', align: 'right' },
  { header: 'min', align: 'right' },
  { header: 'max', align: 'right' },
  { header: 'runs', align: 'right' },
  { header: 'what it does' },
];

function referenceRow(reference: ReferenceResult): string[] {
  const { phases } = reference;
  return [
    reference.id,
    formatMs(phases.boot.median),
    formatMs(phases.load.median),
    formatMs(phases.invoke.median),
    formatMs(phases.cold.median),
    formatMs(phases.cold.min),
    formatMs(phases.cold.max),
    runsCell(reference),
    reference.does,
  ];
}

const LOAD_COLUMNS: Column[] = [
  { header: 'route' },
  { header: 'clients', align: 'right' },
  { header: 's', align: 'right' },
  { header: 'requests', align: 'right' },
  { header: 'req/s', align: 'right' },
  { header: 'p50 ms', align: 'right' },
  { header: 'p99 ms', align: 'right' },
  { header: 'errors', align: 'right' },
  { header: 'non-2xx', align: 'right' },
];

function loadTable(results: BenchResults): string {
  if (results.load === undefined) return 'API load: not run (--no-load).';
  if ('failed' in results.load) {
    return `API load: did not finish (${results.load.failed.trim()}). ${machineLoad(results.load.machine)} → ${LOAD_VERDICTS[results.load.verdict]}`;
  }
  const { post, get, week } = results.load;
  const rows = [post, get, ...(week ? [week] : [])].map((route) => [
    route.route,
    String(route.connections),
    route.seconds.toFixed(1),
    String(route.requests),
    route.requestsPerSecond.toFixed(1),
    String(route.p50Ms),
    String(route.p99Ms),
    `${route.errors}${route.timeouts > 0 ? ` (${route.timeouts} timeouts)` : ''}`,
    String(route.non2xx),
  ]);
  const records = results.load.records;
  return [
    markdownTable(LOAD_COLUMNS, rows),
    '',
    machineLoad(results.load.machine),
    '',
    `Records: ${records.stored} stored = ${records.acknowledged} acknowledged with 2xx ` +
      `(${records.acknowledgedUnderLoad} under load + ${records.cutOff} cut off by the time limit and sent again ` +
      `with their Idempotency-Key: ${records.cutOffReplayed} replayed 200, ${records.cutOffCreated} created 201); ` +
      `lost ${records.lost} → ${LOAD_VERDICTS[results.load.verdict]}`,
  ].join('\n');
}

const LOAD_VERDICTS: Record<string, string> = {
  met: 'target met ✓',
  missed: 'target MISSED ✗',
  unreliable:
    'unreliable: machine busy (the errors or timeouts are not evidence about the system; run again on an idle machine)',
  skipped: 'not judged',
};

const averages = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' / ');

/** The machine's load around the load test: whether its timeouts could be the machine's, not the system's. */
function machineLoad(machine: LoadResults['machine'] | undefined): string {
  if (machine === undefined) return 'Machine load during the run: not recorded (results from before it was).';
  const busy = machineBusy({
    ...machine,
    loadBefore: machine.loadBefore[0] ?? 0,
    loadAfter: machine.loadAfter[0] ?? 0,
  });
  return (
    `Machine load (1 / 5 / 15 min averages, ${machine.cpus} CPUs): before ${averages(machine.loadBefore)}, ` +
    `after ${averages(machine.loadAfter)} → ${busy ? 'busy (more runnable work than CPUs)' : 'not busy'}.`
  );
}

function phasesSummary(phases: Phases): string {
  return `${formatMs(phases.cold.median)} ms`;
}

/** The columns every twin table starts with: its name, bundle and phases. */
const twinColumns = (name: string): Column[] => [
  { header: name },
  { header: 'bundle KiB', align: 'right' },
  { header: 'load ms', align: 'right' },
  { header: 'invoke ms', align: 'right' },
  { header: 'cold ms (median)', align: 'right' },
];

const twinCells = (twin: { id: string; bytes: number; phases: Phases }): string[] => [
  twin.id,
  formatKib(twin.bytes),
  formatMs(twin.phases.load.median),
  formatMs(twin.phases.invoke.median),
  formatMs(twin.phases.cold.median),
];

/** Each kind's SDK-minimal twin, run in the same rounds: what the bundled SDK alone costs. */
function twinTable(twins: readonly TwinResult[]): string {
  return markdownTable(
    [
      ...twinColumns('SDK-minimal twin'),
      { header: '× floor', align: 'right' },
      { header: '× faster than Python', align: 'right' },
      { header: 'runs', align: 'right' },
      { header: 'what it does (the same event as)' },
    ],
    twins.map((twin) => [
      ...twinCells(twin),
      formatRatio(twin.floorRatio),
      formatRatio(twin.pythonSpeedup),
      runsCell(twin),
      twin.does,
    ]),
  );
}

/** Each function's twin making its AWS calls with the SDK alone. */
function sameWorkTable(twins: readonly SameWorkTwinResult[]): string {
  return markdownTable(
    [
      ...twinColumns('same-work twin'),
      { header: 'runs', align: 'right' },
      { header: 'refused on replay', align: 'right' },
      { header: 'AWS calls (+: sent together)' },
    ],
    twins.map((twin) => [
      ...twinCells(twin),
      runsCell(twin),
      twin.refused === undefined ? '–' : String(twin.refused),
      twin.calls.join(', '),
    ]),
  );
}

/** The tables: functions, references, experiments, API load. */
function tables(results: BenchResults): string {
  return [
    markdownTable(FUNCTION_COLUMNS, results.functions.map(functionRow)),
    '',
    markdownTable(REFERENCE_COLUMNS, [results.floor, ...results.pythonPeers].map(referenceRow)),
    '',
    ...(results.twins?.length ? [twinTable(results.twins), ''] : []),
    ...(results.sameWorkTwins?.length ? [sameWorkTable(results.sameWorkTwins), ''] : []),
    ...((results.scale ?? []).length > 0 ? [scaleTable(results.scale ?? []), ''] : []),
    loadTable(results),
  ].join('\n');
}

function loadVerdict(results: BenchResults): string {
  const { load } = results;
  if (load === undefined) return 'not run';
  if ('failed' in load) return `${LOAD_VERDICTS[load.verdict]} (did not finish: ${load.failed.trim()})`;
  const errors = loadRoutes(load).reduce((sum, route) => sum + route.errors, 0);
  const non2xx = loadRoutes(load).reduce((sum, route) => sum + route.non2xx, 0);
  const { stored, acknowledged, lost } = load.records;
  return `${load.verdict === 'unreliable' ? 'unreliable: machine busy' : load.verdict} (${errors} errors, ${non2xx} non-2xx, ${lost} lost, ${stored} stored / ${acknowledged} acknowledged)`;
}

/** A tally of met and missed targets. */
export function verdictSummary(results: BenchResults): string[] {
  const count = (pick: (result: FunctionResult) => string) =>
    results.functions.filter((result) => pick(result) === 'missed').length;
  const total = results.functions.length;
  const skipped = (pick: (result: FunctionResult) => string) => {
    const none = results.functions.filter((result) => pick(result) === 'skipped').length;
    return none === 0 ? '' : `, ${none} without a twin`;
  };
  const python =
    'skipped' in results.python
      ? `Python peer: skipped (${results.python.skipped})`
      : `≥ ${TARGETS.minPythonSpeedup}× faster than the Python peer: missed by ${count((r) => r.judgement.python)} of ${total}`;
  return [
    `Cold start ≤ ${TARGETS.maxTwinRatio}× its SDK-minimal twin making the same AWS calls: missed by ${count((r) => r.judgement.twin)} of ${total}` +
      `${skipped((r) => r.judgement.twin)}` +
      ` (floor: an empty handler, ${phasesSummary(results.floor.phases)})`,
    python,
    `Bundle ≤ ${formatKib(TARGETS.maxZipBytes)} KiB zipped: missed by ${count((r) => r.judgement.size)} of ${total}`,
    `API under load (0 errors, 0 non-2xx, 0 lost, stored = 2xx): ${loadVerdict(results)}`,
    ...scaleVerdicts(results.scale ?? []),
  ];
}

const kibOf = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const plus = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)} ms`;

/** What a function's bundle holds beyond its same-work twin's (which has the same SDK clients): the non-SDK families. */
function beyondTwin(analysis: ImportAnalysis | undefined): string {
  if (analysis === undefined) return 'no analysis in this run';
  return analysis.bytesByFamily
    .filter(([family]) => family !== 'AWS SDK')
    .map(([family, bytes]) => `${family} ${kibOf(bytes)}`)
    .join(', ');
}

/**
 * Why each function misses a cold-start target, from the numbers: what it loads and does beyond its
 * same-work twin (the AWS calls being the same), and what the SDK costs alone (its kind's twin).
 */
export function missesExplained(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const result of results.functions) {
    const { judgement, phases } = result;
    const sameWork = results.sameWorkTwins?.find((candidate) => candidate.functionId === result.id);
    if (judgement.twin === 'missed' && sameWork !== undefined) {
      const analysis = results.analysis.find((candidate) => candidate.id === result.id);
      lines.push(
        `${result.id}: ${formatRatio(judgement.twinRatio)} its same-work twin — loading ${plus(phases.load.median - sameWork.phases.load.median)} ` +
          `(${kibOf(result.unzippedBytes - sameWork.bytes)} more code: ${beyondTwin(analysis)}), first invocation ` +
          `${plus(phases.invoke.median - sameWork.phases.invoke.median)} around the same calls (${sameWork.calls.join(', ')}).`,
      );
    }
    const twin = results.twins?.find((candidate) => candidate.kind === result.kind);
    if (twin === undefined) continue;
    if (
      judgement.python === 'missed' &&
      twin.pythonSpeedup !== undefined &&
      twin.pythonSpeedup < TARGETS.minPythonSpeedup
    ) {
      lines.push(
        `${result.id}: ${formatRatio(judgement.pythonSpeedup)} faster than ${result.pythonPeer}, and ${twin.id} itself only ` +
          `${formatRatio(twin.pythonSpeedup)}: what the SDK costs alone — loading ${formatMs(twin.phases.load.median)} ms and ` +
          `one first request ${formatMs(twin.phases.invoke.median)} ms on top of Node's start.`,
      );
    }
  }
  return lines;
}

/** What the terminal shows at the end of `npm run bench`: the tables as in RESULTS.md, then the verdicts. */
export function terminalReport(results: BenchResults): string {
  return [tables(results), '', ...verdictSummary(results), '', ...missesExplained(results)].join('\n');
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The rebuilt bundle's size, and the packaged one's when they differ (they should not). */
function rebuiltSize(rebuilt: number, packaged: number | undefined): string {
  return packaged === undefined || packaged === rebuilt
    ? `${formatKib(rebuilt)} (same)`
    : `${formatKib(rebuilt)} (${formatKib(packaged)})`;
}

/** Per function: the bundle's largest packages and where one profiled cold start spent its CPU. */
export function analysisTables(results: BenchResults): string {
  const columns: Column[] = [
    { header: 'function' },
    { header: 'rebuilt KiB (packaged)', align: 'right' },
    { header: 'bundle by family (esbuild metafile)' },
    { header: 'largest packages' },
    { header: 'CPU of one cold start by family (--cpu-prof)' },
  ];
  const rows = results.analysis.map((analysis) => [
    analysis.id,
    rebuiltSize(analysis.rebuiltBytes, results.functions.find((result) => result.id === analysis.id)?.unzippedBytes),
    analysis.bytesByFamily.map(([name, bytes]) => `${name} ${kib(bytes)}`).join(', '),
    analysis.bytesByPackage
      .slice(0, 4)
      .map(([name, bytes]) => `${name} ${kib(bytes)}`)
      .join(', '),
    analysis.cpuByFamily
      .slice(0, 6)
      .map(([name, time]) => `${name} ${ms(time)}`)
      .join(', '),
  ]);
  return markdownTable(columns, rows);
}

/** bench/RESULTS.md: the tables, the verdicts, the analysis and the hand-written findings. */
export function markdownReport(results: BenchResults, findings: string): string {
  const python =
    'skipped' in results.python
      ? `skipped: ${results.python.skipped}`
      : `${results.python.command} ${results.python.version}, boto3 ${results.python.boto3}`;
  const failures = [
    ...results.functions,
    results.floor,
    ...results.pythonPeers,
    ...(results.twins ?? []),
    ...(results.sameWorkTwins ?? []),
  ].filter((result) => result.failures.length > 0);
  return [
    '# Benchmark: cold start, bundle size, API under load',
    '',
    `Generated by \`npm run bench\` on ${results.generatedAt}. Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ` +
      `${results.machine.platform}, Node ${results.machine.node}, Python ${python}; load average (1 / 5 / 15 min) ` +
      `${results.machine.loadAtStart ? `at the start ${averages(results.machine.loadAtStart)}, ` : ''}at the end ${averages(results.machine.loadAverage)}. ` +
      `${results.runsPerSubject} measured cold starts per function and reference (after one warm-up round), interleaved round by round.`,
    '',
    '## Verdicts',
    '',
    ...verdictSummary(results).map((line) => `- ${line}`),
    '',
    '## Why the cold-start targets are missed (from this run)',
    '',
    ...missesExplained(results).map((line) => `- ${line}`),
    '',
    '## Numbers',
    '',
    'Times in ms, medians unless said otherwise; ✗ marks a missed target, ✓ a met one. `load` = `require` of the unzipped',
    'bundle, `invoke` = the first invocation until its promise resolved, `cold` = from the spawn of a fresh process to',
    'that moment (so it includes the runtime starting: Node or Python). Ratios use the medians of `cold`.',
    '',
    tables(results),
    '',
    ...(failures.length > 0
      ? [
          '## Failed runs',
          '',
          ...failures.map(
            (result) =>
              `- ${result.id}: ${result.failures.length} failed, first: \`${(result.failures[0] ?? '').split('\n')[0]}\``,
          ),
          '',
        ]
      : []),
    ...(results.analysis.length > 0
      ? [
          '## What costs the time',
          '',
          'Each handler rebuilt with the options of `shared/serverless/esbuild.yml` plus a metafile and a source map',
          '(the first column compares its size with the packaged bundle), then one cold start under',
          '`node --cpu-prof --cpu-prof-interval 100`, every sample mapped back to its package through the source map.',
          'CPU times are self times of that single (noisy) run, process start included.',
          '',
          analysisTables(results),
          '',
        ]
      : []),
    findings.trim(),
    '',
  ].join('\n');
}
