/**
 * Orders machine-made strings (ISO dates and times, week ids, record ids) by their UTF-16 code
 * units, as `<` does. For these, `localeCompare` gives the same order but builds ICU's collator on
 * its first call, ≈ 6 ms of a cold start (docs/benchmark.md); names people read keep `localeCompare`.
 */
export function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
