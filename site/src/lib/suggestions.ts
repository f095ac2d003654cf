import { listActivities, summary } from './api';
import { byId, fillSuggestions } from './dom';

// Customers and projects come from the catalogue (catalogue-picker.ts).
const LISTS = [['engineer', 'engineers']] as const;

/**
 * Fills the engineer <datalist> with the names already used: the
 * team's (from the summary) for a manager, an engineer's own latest records otherwise (the
 * summary is for managers). An API failure leaves them empty.
 */
export async function loadSuggestions(options: { team: boolean }): Promise<void> {
  if (!options.team) {
    const { items } = await listActivities({}, { limit: 100 }).catch(() => ({ items: [] }));
    for (const [field, listId] of LISTS) {
      const values = [...new Set(items.map((item) => item[field]))].sort();
      fillSuggestions(byId(listId, HTMLDataListElement), values);
    }
    return;
  }
  await Promise.all(
    LISTS.map(async ([groupBy, listId]) => {
      const groups = await summary(groupBy).catch(() => []);
      fillSuggestions(byId(listId, HTMLDataListElement), groups.map((group) => group.key).sort());
    }),
  );
}
