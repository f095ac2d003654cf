import type { Family, RowRange, TotalRow } from './totals-types';

/** Reads rows of the totals table (totals-store.ts); a module of types only, so the site's type check never reaches node code. */
export interface TotalsReader {
  /** The rows of a family over a range of first days; rows that add up to nothing are left out. */
  rows(family: Family, range: RowRange): Promise<TotalRow[]>;
}
