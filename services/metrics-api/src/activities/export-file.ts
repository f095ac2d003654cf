import type { ActivityFilter } from '@shared/activities/activity.schema';

/** A file name part made of letters, digits and dashes only (safe in Content-Disposition and on every disk). */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * The name of a download: what it holds (the filters set) and which period, e.g.
 * `activities_acme-corp_2026-11-01_to_2026-11-30.xlsx`. Ids are never part of it.
 */
export function exportFileName(filter: ActivityFilter, extension: 'csv' | 'xlsx'): string {
  const what = [filter.customer, filter.project, filter.engineer]
    .filter((part): part is string => part !== undefined)
    .map(slug)
    .filter((part) => part !== '');
  let period = 'all-dates';
  if (filter.from !== undefined && filter.to !== undefined) period = `${filter.from}_to_${filter.to}`;
  else if (filter.from !== undefined) period = `from_${filter.from}`;
  else if (filter.to !== undefined) period = `until_${filter.to}`;
  return `${['activities', ...what, period].join('_')}.${extension}`;
}
