/** The targets the benchmark judges its numbers against. */
export const TARGETS = {
  /** A function's median cold start at most this many times the empty-handler floor. */
  maxFloorRatio: 1.5,
  /** The Python peer's median cold start at least this many times the function's. */
  minPythonSpeedup: 3,
  /** Zipped bundle size, bytes (300 KiB). */
  maxZipBytes: 300 * 1024,
} as const;

export type Verdict = 'met' | 'missed' | 'skipped';

export interface FunctionJudgement {
  /** Function cold start / floor cold start. */
  floorRatio: number;
  /** Python peer cold start / function cold start (how many times faster the function is); undefined without Python. */
  pythonSpeedup?: number;
  floor: Verdict;
  python: Verdict;
  size: Verdict;
}

export interface FunctionNumbers {
  coldMs: number;
  floorMs: number;
  /** Median of the Python peer; undefined when Python/boto3 is missing. */
  pythonMs?: number;
  zipBytes: number;
}

const verdict = (ok: boolean): Verdict => (ok ? 'met' : 'missed');

/** Judges one function's medians and bundle size against {@link TARGETS}. */
export function judgeFunction(numbers: FunctionNumbers, targets = TARGETS): FunctionJudgement {
  const floorRatio = numbers.coldMs / numbers.floorMs;
  const pythonSpeedup = numbers.pythonMs === undefined ? undefined : numbers.pythonMs / numbers.coldMs;
  return {
    floorRatio,
    pythonSpeedup,
    floor: verdict(Number.isFinite(floorRatio) && floorRatio <= targets.maxFloorRatio),
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
}

/** Under load: every route answered, no connection errors or timeouts, no non-2xx answer, no acknowledged record missing. */
export function judgeLoad(numbers: LoadNumbers): Verdict {
  return verdict(numbers.fewestAnswered > 0 && numbers.errors === 0 && numbers.non2xx === 0 && numbers.lost === 0);
}
