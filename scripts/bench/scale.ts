/**
 * Flat in the size of the data: one function answered over a small and a large data set (each
 * service's bench file says which, `ServiceBench.scale`), its warm answers timed in fresh processes,
 * the sizes taking turns, and whether the large one's median stays within the allowed ratio of the small one's.
 */
import { join } from 'node:path';
import type { Bundle } from './bundles';
import { functionSubject } from './cold-start';
import type { Emulators } from './emulators';
import { runOnce } from './runs';
import { nsToMs } from './stats';
import { markdownTable } from './table';
import type { ScaleBench } from './workload';

/** Warm answers timed per process (after one that loads and warms the function). */
const WARM_RUNS = 9;
/** Processes per size, the sizes taking turns. */
const ROUNDS = 3;

export interface ScaleResult {
  id: string;
  does: string;
  sizes: { records: number; medianMs: number; runs: number }[];
  /** The largest size's median over the smallest's. */
  ratio: number;
  maxRatio: number;
  meets: boolean;
  failures: string[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Seeds every size, then times WARM_RUNS answers of the function in a fresh process per size, ROUNDS times, the sizes taking turns. */
export async function runScale(
  bundle: Bundle,
  scale: ScaleBench,
  emulators: Emulators,
  options: { outDir: string; sizes?: readonly number[]; log: (line: string) => void },
): Promise<ScaleResult> {
  const subject = functionSubject(bundle, { events: () => [], check: () => undefined, env: scale.env }, emulators);
  const failures: string[] = [];
  const wanted = options.sizes ?? scale.sizes;
  const events: unknown[] = [];
  for (const [dataset, records] of wanted.entries()) {
    const started = Date.now();
    events.push(await scale.prepare(emulators, records, dataset));
    options.log(`${bundle.id}: seeded ${records} records in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  // The sizes take turns, round after round: what the machine does meanwhile (the emulator still
  // settling after the large seeding, other work) falls on all of them alike.
  const warmBySize = wanted.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [dataset, records] of wanted.entries()) {
      const outcome = await runOnce({
        ...subject,
        events: Array.from({ length: WARM_RUNS + 1 }, () => events[dataset]),
        eventsPath: join(options.outDir, `scale-${dataset}.json`),
        timeoutMs: 600_000,
      });
      const problem = outcome.error ?? outcome.results.map((result) => scale.check(records)(result, [])).find(Boolean);
      if (problem !== undefined) failures.push(`${records} records: ${problem}`);
      const invoked = outcome.invoked ?? [];
      warmBySize[dataset]?.push(
        ...invoked.slice(1).map((at, index) => nsToMs(BigInt(invoked[index] ?? at), BigInt(at))),
      );
    }
  }
  const sizes: ScaleResult['sizes'] = wanted.map((records, dataset) => {
    const warm = warmBySize[dataset] ?? [];
    return { records, medianMs: median(warm), runs: warm.length };
  });
  const first = sizes[0]?.medianMs ?? 0;
  const last = sizes.at(-1)?.medianMs ?? 0;
  const ratio = first > 0 ? last / first : Number.POSITIVE_INFINITY;
  return {
    id: bundle.id,
    does: scale.does,
    sizes,
    ratio,
    maxRatio: scale.maxRatio,
    meets: failures.length === 0 && ratio <= scale.maxRatio,
    failures,
  };
}

/** The verdict line of each scale result. */
export function scaleVerdicts(results: readonly ScaleResult[]): string[] {
  return results.map(
    (result) =>
      `${result.id} over ${result.sizes.map((size) => size.records).join(' vs ')} records ≤ ${result.maxRatio}×: ` +
      `${result.meets ? 'met' : 'missed'} (${result.ratio.toFixed(2)}×${result.failures.length > 0 ? `; ${result.failures.join('; ')}` : ''})`,
  );
}

/** The scale results as a table: one row per function and size. */
export function scaleTable(results: readonly ScaleResult[]): string {
  const rows = results.flatMap((result) =>
    result.sizes.map((size, index) => [
      index === 0 ? `${result.id}: ${result.does}` : '',
      String(size.records),
      size.medianMs.toFixed(1),
      index === result.sizes.length - 1 ? `${result.ratio.toFixed(2)}× ${result.meets ? '✓' : '✗'}` : '',
    ]),
  );
  return markdownTable(
    [
      { header: 'data size (warm answers, median)' },
      { header: 'records', align: 'right' },
      { header: 'ms', align: 'right' },
      { header: 'large / small', align: 'right' },
    ],
    rows,
  );
}
