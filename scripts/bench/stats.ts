/** Median, min and max of a set of timings (or any numbers). */
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

/** The median of `values`: the middle one, or the mean of the two middle ones. NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** n, median, min and max; NaN statistics for an empty set. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { n: values.length, median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Nanoseconds (as the runners report them, monotonic) to milliseconds. */
export function nsToMs(from: bigint, to: bigint): number {
  return Number(to - from) / 1e6;
}
