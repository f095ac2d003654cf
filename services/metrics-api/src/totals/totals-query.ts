import type { ActivityFilter, SummaryQuery } from '@shared/activities/activity.schema';
import type { QueryPlan } from '../activities/query-plan';
import { type CatalogueIndex, matchesNames, resolveNames } from '../catalogue/catalogue';
import { type Family, familyFor, rangesFor, type TotalDimension, type TotalRow } from './totals';
import type { TotalsReader } from './totals-store';

type Dimension = SummaryQuery['groupBy'];

const KEPT: readonly Dimension[] = ['customer', 'project', 'engineer'];

/**
 * The family of totals that answers a summary of this filter and these dimensions, or undefined
 * when totals cannot (grouped by activity, which totals are not kept per: the records answer).
 */
export function familyForSummary(filter: ActivityFilter, dimensions: readonly Dimension[]): Family | undefined {
  if (dimensions.includes('activity')) return undefined;
  const wanted = new Set<TotalDimension>(
    dimensions.filter((dimension): dimension is TotalDimension => KEPT.includes(dimension)),
  );
  for (const field of ['customer', 'project', 'engineer'] as const) if (filter[field] !== undefined) wanted.add(field);
  if (filter.engineerId !== undefined) wanted.add('engineer');
  return familyFor(wanted);
}

/** A row as the summary groups it: its names as shown (a catalogue entry's current name), its sums. */
export interface ShownTotal {
  customer: string;
  project: string;
  engineer: string;
  date: string;
  cents: number;
  count: number;
}

/**
 * The rows of a family that a filter selects, over its dates: whole parts and edge days
 * (totals.ts rangesFor), by engineer id exactly and by names as records are matched (case and
 * spacing ignored, by the name recorded or the entry's current one).
 */
export async function selectedTotals(
  reader: TotalsReader,
  family: Family,
  plan: Pick<QueryPlan, 'from' | 'to' | 'names'>,
  engineerId: string | undefined,
  index: CatalogueIndex,
): Promise<ShownTotal[]> {
  const batches = await Promise.all(rangesFor(plan.from, plan.to).map((range) => reader.rows(family, range)));
  const shown: ShownTotal[] = [];
  for (const row of batches.flat()) {
    if (engineerId !== undefined && row.engineerId !== engineerId) continue;
    const stored = recordedOf(row);
    const named = resolveNames(stored, index);
    if (plan.names !== undefined && !matchesNames(stored, named, plan.names)) continue;
    shown.push({
      customer: named.customer,
      project: named.project,
      engineer: stored.engineer,
      date: row.date,
      cents: row.cents,
      count: row.count,
    });
  }
  return shown;
}

function recordedOf(row: TotalRow) {
  return {
    customer: row.customer ?? '',
    project: row.project ?? '',
    engineer: row.engineer ?? '',
    ...(row.customerId === undefined ? {} : { customerId: row.customerId }),
    ...(row.projectId === undefined ? {} : { projectId: row.projectId }),
  };
}
