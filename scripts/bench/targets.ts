/** The targets the benchmark judges its numbers against. */
export const TARGETS = {
  /** A function's median cold start at most this many times its SDK-minimal twin's (the same AWS calls, nothing else). */
  maxTwinRatio: 1.15,
  /** The Python peer's median cold start at least this many times the function's. */
  minPythonSpeedup: 3,
  /** Zipped bundle size, bytes (300 KiB). */
  maxZipBytes: 300 * 1024,
  /** The load test's verdict is unreliable when a 1-minute load average, before or after, exceeds the CPU count this many times. */
  maxLoadPerCpu: 1,
} as const;

/** `unreliable`: the load test failed while the machine was busy with other work, so the failures prove nothing. */
export type Verdict = 'met' | 'missed' | 'skipped' | 'unreliable';

export interface FunctionJudgement {
  /** Function cold start / floor cold start (for reading; no target since the twins). */
  floorRatio: number;
  /** Function cold start / its same-work twin's; undefined when it has none (its capture failed). */
  twinRatio?: number;
  /** Function cold start / its kind's twin's (one AWS call): for reading, no target. */
  kindTwinRatio?: number;
  /** Python peer cold start / function cold start (how many times faster the function is); undefined without Python. */
  pythonSpeedup?: number;
  twin: Verdict;
  python: Verdict;
  size: Verdict;
}

export interface FunctionNumbers {
  coldMs: number;
  floorMs: number;
  /** Median of its same-work twin; undefined when it has none. */
  twinMs?: number;
  /** Median of its kind's twin; undefined when that did not run. */
  kindTwinMs?: number;
  /** Median of the Python peer; undefined when Python/boto3 is missing. */
  pythonMs?: number;
  zipBytes: number;
}

const verdict = (ok: boolean): Verdict => (ok ? 'met' : 'missed');

/** Judges one function's medians and bundle size against {@link TARGETS}. */
export function judgeFunction(numbers: FunctionNumbers, targets = TARGETS): FunctionJudgement {
  const twinRatio = numbers.twinMs === undefined ? undefined : numbers.coldMs / numbers.twinMs;
  const pythonSpeedup = numbers.pythonMs === undefined ? undefined : numbers.pythonMs / numbers.coldMs;
  return {
    floorRatio: numbers.coldMs / numbers.floorMs,
    twinRatio,
    kindTwinRatio: numbers.kindTwinMs === undefined ? undefined : numbers.coldMs / numbers.kindTwinMs,
    pythonSpeedup,
    twin:
      twinRatio === undefined ? 'skipped' : verdict(Number.isFinite(twinRatio) && twinRatio <= targets.maxTwinRatio),
    python: pythonSpeedup === undefined ? 'skipped' : verdict(pythonSpeedup >= targets.minPythonSpeedup),
    size: verdict(numbers.zipBytes <= targets.maxZipBytes),
  };
}

export interface LoadNumbers {
  errors: number;
  non2xx: number;
  /** Records acknowledged with a 2xx that are not in the table. */
  lost: number;
  /** The fewest requests answered on one route: a route nothing answered proves nothing. */
  fewestAnswered: number;
  /** 1-minute load averages before and after the run, and the CPU count. */
  loadBefore: number;
  loadAfter: number;
  cpus: number;
}

/** A machine whose load average exceeded its CPUs (others' work queued for them) while the test ran. */
export function machineBusy(
  numbers: Pick<LoadNumbers, 'loadBefore' | 'loadAfter' | 'cpus'>,
  targets = TARGETS,
): boolean {
  return Math.max(numbers.loadBefore, numbers.loadAfter) > numbers.cpus * targets.maxLoadPerCpu;
}

/**
 * Under load: every route answered, no connection errors or timeouts, no non-2xx answer, no acknowledged
 * record missing. A lost record is missed whatever the machine; errors and silence on a busy machine are
 * unreliable, not the system's.
 */
export function judgeLoad(numbers: LoadNumbers, targets = TARGETS): Verdict {
  if (numbers.lost > 0) return 'missed';
  const clean = numbers.fewestAnswered > 0 && numbers.errors === 0 && numbers.non2xx === 0;
  if (clean) return 'met';
  return machineBusy(numbers, targets) ? 'unreliable' : 'missed';
}
