import { type BenchResults, type FunctionResult, loadRoutes, type Phases, type ReferenceResult } from './results';
import { scaleTable, scaleVerdicts } from './scale';
import { type Column, formatKib, formatMs, formatRatio, markdownTable, marked } from './table';
import { TARGETS } from './targets';

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
  { header: 'Python peer', align: 'left' },
  { header: '× faster than Python', align: 'right' },
  { header: 'runs', align: 'right' },
];

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
    marked(formatRatio(judgement.floorRatio), judgement.floor),
    result.pythonPeer,
    marked(formatRatio(judgement.pythonSpeedup), judgement.python),
    result.failures.length > 0 ? `${phases.cold.n} (${result.failures.length} failed)` : String(phases.cold.n),
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
    reference.failures.length > 0 ? `${phases.cold.n} (${reference.failures.length} failed)` : String(phases.cold.n),
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
    `Records: ${records.stored} stored = ${records.acknowledged} acknowledged with 2xx ` +
      `(${records.acknowledgedUnderLoad} under load + ${records.cutOff} cut off by the time limit and sent again ` +
      `with their Idempotency-Key: ${records.cutOffReplayed} replayed 200, ${records.cutOffCreated} created 201); ` +
      `lost ${records.lost} → ${results.load.verdict === 'met' ? 'target met ✓' : 'target MISSED ✗'}`,
  ].join('\n');
}

function phasesSummary(phases: Phases): string {
  return `${formatMs(phases.cold.median)} ms`;
}

const EXPERIMENT_COLUMNS: Column[] = [
  { header: 'experiment (variants of activityCreate)' },
  { header: 'bundle KiB', align: 'right' },
  { header: 'load ms', align: 'right' },
  { header: 'invoke ms', align: 'right' },
  { header: 'cold ms (median)', align: 'right' },
  { header: '× floor', align: 'right' },
  { header: '× faster than python/dynamodb_api', align: 'right' },
  { header: 'runs', align: 'right' },
];

/** The variants measured in the same rounds, to show what a change would buy. */
function experimentTable(results: BenchResults): string {
  return markdownTable(
    EXPERIMENT_COLUMNS,
    results.experiments.map((experiment) => [
      experiment.id,
      formatKib(experiment.bytes),
      formatMs(experiment.phases.load.median),
      formatMs(experiment.phases.invoke.median),
      formatMs(experiment.phases.cold.median),
      formatRatio(experiment.floorRatio),
      formatRatio(experiment.pythonSpeedup),
      experiment.failures.length > 0
        ? `${experiment.phases.cold.n} (${experiment.failures.length} failed)`
        : String(experiment.phases.cold.n),
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
    ...(results.experiments.length > 0 ? [experimentTable(results), ''] : []),
    ...((results.scale ?? []).length > 0 ? [scaleTable(results.scale ?? []), ''] : []),
    loadTable(results),
  ].join('\n');
}

function loadVerdict(results: BenchResults): string {
  const { load } = results;
  if (load === undefined) return 'not run';
  const errors = loadRoutes(load).reduce((sum, route) => sum + route.errors, 0);
  const non2xx = loadRoutes(load).reduce((sum, route) => sum + route.non2xx, 0);
  const { stored, acknowledged, lost } = load.records;
  return `${load.verdict} (${errors} errors, ${non2xx} non-2xx, ${lost} lost, ${stored} stored / ${acknowledged} acknowledged)`;
}

/** A tally of met and missed targets. */
export function verdictSummary(results: BenchResults): string[] {
  const count = (pick: (result: FunctionResult) => string) =>
    results.functions.filter((result) => pick(result) === 'missed').length;
  const total = results.functions.length;
  const python =
    'skipped' in results.python
      ? `Python peer: skipped (${results.python.skipped})`
      : `≥ ${TARGETS.minPythonSpeedup}× faster than the Python peer: missed by ${count((r) => r.judgement.python)} of ${total}`;
  return [
    `Cold start ≤ ${TARGETS.maxFloorRatio}× the empty-handler floor (${phasesSummary(results.floor.phases)}): missed by ${count((r) => r.judgement.floor)} of ${total}`,
    python,
    `Bundle ≤ ${formatKib(TARGETS.maxZipBytes)} KiB zipped: missed by ${count((r) => r.judgement.size)} of ${total}`,
    `API under load (0 errors, 0 non-2xx, 0 lost, stored = 2xx): ${loadVerdict(results)}`,
    ...scaleVerdicts(results.scale ?? []),
  ];
}

/** What the terminal shows at the end of `npm run bench`: the tables as in RESULTS.md, then the verdicts. */
export function terminalReport(results: BenchResults): string {
  return [tables(results), '', ...verdictSummary(results)].join('\n');
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
  const failures = [...results.functions, results.floor, ...results.pythonPeers, ...results.experiments].filter(
    (result) => result.failures.length > 0,
  );
  return [
    '# Benchmark: cold start, bundle size, API under load',
    '',
    `Generated by \`npm run bench\` on ${results.generatedAt}. Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ` +
      `${results.machine.platform}, Node ${results.machine.node}, Python ${python}; load average at the end ` +
      `${results.machine.loadAverage.map((value) => value.toFixed(2)).join(' / ')}. ` +
      `${results.runsPerSubject} measured cold starts per function and reference (after one warm-up round), interleaved round by round.`,
    '',
    '## Verdicts',
    '',
    ...verdictSummary(results).map((line) => `- ${line}`),
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
    '## What costs the time',
    '',
    'Each handler rebuilt with the options of `shared/serverless/esbuild.yml` plus a metafile and a source map',
    '(the first column compares its size with the packaged bundle), then one cold start under',
    '`node --cpu-prof --cpu-prof-interval 100`, every sample mapped back to its package through the source map.',
    'CPU times are self times of that single (noisy) run, process start included.',
    '',
    analysisTables(results),
    '',
    findings.trim(),
    '',
  ].join('\n');
}
