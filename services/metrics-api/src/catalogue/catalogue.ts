import type { Catalogue, CatalogueCustomer, CatalogueProject } from '@shared/catalogue/catalogue';
import { nameKey } from '@shared/catalogue/name-key';

export type EntryType = 'customer' | 'project';

/** One entry as stored (the key attributes pk/sk are the store's business). */
export interface EntryItem {
  type: EntryType;
  id: string;
  name: string;
  /** The parent of a project. */
  customerId?: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The entries by id: what resolving records' names and checking a write need. */
export type CatalogueIndex = ReadonlyMap<string, EntryItem>;

export const indexEntries = (entries: readonly EntryItem[]): CatalogueIndex =>
  new Map(entries.map((entry) => [entry.id, entry]));

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en');

/** The API view: customers by name, each with its projects by name. */
export function catalogueView(entries: readonly EntryItem[]): Catalogue {
  const customers = new Map<string, CatalogueCustomer>();
  for (const entry of entries) {
    if (entry.type === 'customer')
      customers.set(entry.id, { id: entry.id, name: entry.name, archived: entry.archived, projects: [] });
  }
  for (const entry of entries) {
    if (entry.type !== 'project' || entry.customerId === undefined) continue;
    const project: CatalogueProject = {
      id: entry.id,
      customerId: entry.customerId,
      name: entry.name,
      archived: entry.archived,
    };
    customers.get(entry.customerId)?.projects.push(project);
  }
  const list = [...customers.values()].sort(byName);
  for (const customer of list) customer.projects.sort(byName);
  return { customers: list };
}

/** The entry of this type under this parent whose name is `name` but for case and spacing. */
export function sameName(
  entries: Iterable<EntryItem>,
  type: EntryType,
  customerId: string | undefined,
  name: string,
): EntryItem | undefined {
  const key = nameKey(name);
  for (const entry of entries) {
    if (entry.type === type && entry.customerId === customerId && nameKey(entry.name) === key) return entry;
  }
  return undefined;
}

/** A project and its customer, found by their names (case and spacing ignored). */
export function projectNamed(
  entries: Iterable<EntryItem>,
  customerName: string,
  projectName: string,
): { customer: EntryItem; project: EntryItem } | undefined {
  const all = [...entries];
  const customer = sameName(all, 'customer', undefined, customerName);
  const project = customer && sameName(all, 'project', customer.id, projectName);
  return customer && project ? { customer, project } : undefined;
}

/** A project takes new hours only while neither it nor its customer is archived. */
export function isClosed(index: CatalogueIndex, projectId: string): boolean {
  const project = index.get(projectId);
  if (project === undefined) return false;
  return project.archived || (project.customerId !== undefined && index.get(project.customerId)?.archived === true);
}

/** What a record carries that the catalogue resolves: the names it was recorded with, and the ids. */
export interface Recorded {
  customer: string;
  project: string;
  customerId?: string;
  projectId?: string;
}

/**
 * A record as the API shows it: a linked record shows its entries' current names (a rename shows
 * everywhere) and whether its project is archived; a free-text record shows what it was recorded with.
 */
export function resolveNames<T extends Recorded>(record: T, index: CatalogueIndex): T & { projectArchived?: true } {
  const customer = record.customerId === undefined ? undefined : index.get(record.customerId);
  const project = record.projectId === undefined ? undefined : index.get(record.projectId);
  return {
    ...record,
    ...(customer ? { customer: customer.name } : {}),
    ...(project ? { project: project.name } : {}),
    ...(record.projectId !== undefined && isClosed(index, record.projectId) ? { projectArchived: true as const } : {}),
  };
}

/** The name filters of a list, export or summary; compared by nameKey. */
export interface NameFilter {
  customer?: string;
  project?: string;
  engineer?: string;
}

/**
 * Whether a record matches the name filters, case and spacing ignored: by its current
 * (resolved) names or the names it was recorded with.
 */
export function matchesNames(stored: Recorded & { engineer: string }, shown: Recorded, filter: NameFilter): boolean {
  const matches = (wanted: string | undefined, ...values: string[]) =>
    wanted === undefined || values.some((value) => nameKey(value) === nameKey(wanted));
  return (
    matches(filter.customer, stored.customer, shown.customer) &&
    matches(filter.project, stored.project, shown.project) &&
    matches(filter.engineer, stored.engineer)
  );
}
