import { indexEntries, isClosed, projectNamed, type Recorded } from './catalogue';
import type { CatalogueReader } from './catalogue-store';
import { archivedProject } from './errors';

/**
 * What a record is written against: the catalogue's project and customer when its names match
 * them (case and spacing ignored; the record then carries their ids and current names), or the
 * free text it came with when they match nothing. An archived project refuses at once; the
 * write's own transaction checks again (catalogue-store.ts openProjectGuards).
 */
export async function linkToCatalogue(
  catalogue: CatalogueReader,
  names: { customer: string; project: string },
): Promise<Recorded> {
  const found = projectNamed(await catalogue.entries(), names.customer, names.project);
  if (found === undefined) return { customer: names.customer, project: names.project };
  if (isClosed(indexEntries([found.customer, found.project]), found.project.id))
    throw archivedProject(found.project.name);
  return {
    customer: found.customer.name,
    project: found.project.name,
    customerId: found.customer.id,
    projectId: found.project.id,
  };
}
