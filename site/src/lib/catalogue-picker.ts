import type { Catalogue, CatalogueCustomer } from '@shared/catalogue/catalogue';
import { nameKey } from '@shared/catalogue/name-key';
import { requestJson } from './api';
import { byId, fillSuggestions } from './dom';

/** GET /catalogue: the customers and their projects (archived ones marked). */
export function getCatalogue(): Promise<Catalogue> {
  return requestJson('/catalogue');
}

const sortedNames = (entries: { name: string }[]) =>
  [...new Set(entries.map((entry) => entry.name))].sort((a, b) => a.localeCompare(b, 'en'));

/**
 * The customer and project <datalist>s of a form from the catalogue (type-ahead with the keyboard,
 * as every browser offers a datalist): the customers, and the projects of the customer typed so
 * far (all projects while it names none). `archived: false` leaves out what takes no new hours
 * (entry forms); filters keep them, since archived projects keep their history.
 */
export function pickFromCatalogue(
  catalogue: Catalogue,
  fields: { customer: HTMLInputElement; project: HTMLInputElement },
  options: { archived: boolean },
): void {
  const usable = (entry: { archived: boolean }) => options.archived || !entry.archived;
  const customers = catalogue.customers.filter(usable);
  const customerList = byId(fields.customer.getAttribute('list') ?? '', HTMLDataListElement);
  const projectList = byId(fields.project.getAttribute('list') ?? '', HTMLDataListElement);
  fillSuggestions(customerList, sortedNames(customers));
  const showProjects = () => {
    const chosen: CatalogueCustomer[] = customers.filter(
      (customer) => nameKey(customer.name) === nameKey(fields.customer.value),
    );
    const from = chosen.length > 0 ? chosen : customers;
    fillSuggestions(projectList, sortedNames(from.flatMap((customer) => customer.projects.filter(usable))));
  };
  fields.customer.addEventListener('input', showProjects);
  fields.customer.addEventListener('change', showProjects);
  showProjects();
}

/** Loads the catalogue once and wires each pair of fields to it; a failure leaves the lists as they are. */
export async function attachCatalogue(
  pairs: { customer: HTMLInputElement; project: HTMLInputElement }[],
  options: { archived: boolean },
): Promise<void> {
  const catalogue = await getCatalogue().catch(() => undefined);
  if (catalogue === undefined) return;
  for (const fields of pairs) pickFromCatalogue(catalogue, fields, options);
}
