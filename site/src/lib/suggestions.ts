import { summary } from './api';
import { byId, fillSuggestions } from './dom';

const LISTS = [
  ['customer', 'customers'],
  ['project', 'projects'],
  ['engineer', 'engineers'],
] as const;

/** Fills the customer, project and engineer <datalist>s with the values already used; an API failure leaves them empty. */
export async function loadSuggestions(): Promise<void> {
  await Promise.all(
    LISTS.map(async ([groupBy, listId]) => {
      const groups = await summary(groupBy).catch(() => []);
      fillSuggestions(byId(listId, HTMLDataListElement), groups.map((group) => group.key).sort());
    }),
  );
}
