import type { ActivityInput } from '@shared/activities/activity.schema';
import { activityFormProblems, fillForm, readActivity, showProblems, validateOnBlur } from './lib/activity-form';
import {
  type Activity,
  type ActivityFilter,
  ApiError,
  deleteActivity,
  exportCsv,
  listActivities,
  summary,
  updateActivity,
} from './lib/api';
import { rolesOf, showSignedIn, signedIn } from './lib/auth';
import { attachCatalogue } from './lib/catalogue-picker';
import { barChart } from './lib/chart';
import { announce, byId, element } from './lib/dom';
import { loadSuggestions } from './lib/suggestions';

// Nothing on this page works without a signed-in person: this sends them to sign in first.
const user = await signedIn();
showSignedIn(user);
const isManager = rolesOf(user).includes('manager');

const PAGE_SIZE = 20;
const status = byId('dashboard-status', HTMLElement);
const filters = byId('filters', HTMLFormElement);
const rows = byId('records-body', HTMLTableSectionElement);
const newer = byId('newer', HTMLButtonElement);
const older = byId('older', HTMLButtonElement);
const pageLabel = byId('page-label', HTMLElement);
const groupBy = byId('group-by', HTMLSelectElement);
const chart = byId('chart', HTMLElement);
const summaryBody = byId('summary-body', HTMLTableSectionElement);
const dialog = byId('edit-dialog', HTMLDialogElement);
const editForm = byId('edit-form', HTMLFormElement);
const view = byId('filter-view', HTMLSelectElement);
const summarySection = byId('summary-section', HTMLElement);
const recordsTitle = byId('records-title', HTMLElement);

/** "My activities" for everyone by default; a manager may switch to the team (engineer filter, chart). */
const teamView = () => isManager && view.value === 'team';

function showView(): void {
  byId('view-field', HTMLElement).hidden = !isManager;
  byId('engineer-filter', HTMLElement).hidden = !teamView();
  summarySection.hidden = !teamView();
  recordsTitle.textContent = teamView() ? 'Team activities' : 'My activities';
}

/** Cursors of the pages seen so far: the API pages forwards only, so going back replays a cursor. */
let cursors: (string | undefined)[] = [undefined];
let pageIndex = 0;
let editing: Activity | undefined;
/** Bumped per request, so an answer that arrives after a newer request was made is dropped. */
let pageGeneration = 0;
let summaryGeneration = 0;

function currentFilter(): ActivityFilter {
  const data = new FormData(filters);
  const filter: Record<string, string> = {};
  const keys = teamView() ? ['customer', 'project', 'engineer', 'from', 'to'] : ['customer', 'project', 'from', 'to'];
  for (const key of keys) {
    const value = String(data.get(key) ?? '').trim();
    if (value !== '') filter[key] = value;
  }
  if (!teamView()) filter.engineerId = user.profile.sub;
  return filter;
}

function showError(error: unknown): void {
  announce(status, error instanceof Error ? error.message : 'Something went wrong.', 'error');
}

function recordRow(activity: Activity): HTMLTableRowElement {
  const row = element('tr', undefined, { 'data-id': activity.id });
  const engineer = activity.recordedBy
    ? `${activity.engineer} (recorded by ${activity.recordedBy.name})`
    : activity.engineer;
  const cells = [activity.date, engineer, activity.customer, activity.project, activity.activity];
  row.append(...cells.map((text) => element('td', text)));
  row.append(element('td', String(activity.hours), { class: 'number' }), element('td', activity.notes ?? ''));
  const actions = element('td', undefined, { class: 'actions' });
  const edit = element('button', 'Edit', {
    type: 'button',
    'aria-label': `Edit ${activity.activity} on ${activity.date}`,
  });
  edit.addEventListener('click', () => openEditor(activity));
  const remove = element('button', 'Delete', {
    type: 'button',
    class: 'danger',
    'aria-label': `Delete ${activity.activity} on ${activity.date}`,
  });
  remove.addEventListener('click', () => void removeRecord(activity));
  actions.append(edit, remove);
  row.append(actions);
  return row;
}

async function loadPage(): Promise<void> {
  const generation = ++pageGeneration;
  try {
    const page = await listActivities(currentFilter(), { limit: PAGE_SIZE, cursor: cursors[pageIndex] });
    if (generation !== pageGeneration) return;
    rows.replaceChildren(...page.items.map(recordRow));
    if (page.items.length === 0) {
      rows.replaceChildren(element('tr', undefined, {}));
      rows.firstElementChild?.append(element('td', 'No records match these filters.', { colspan: '8' }));
    }
    cursors = cursors.slice(0, pageIndex + 1);
    if (page.nextCursor) cursors.push(page.nextCursor);
    newer.disabled = pageIndex === 0;
    older.disabled = page.nextCursor === null;
    pageLabel.textContent = `Page ${pageIndex + 1}`;
  } catch (error) {
    showError(error);
  }
}

async function loadSummary(): Promise<void> {
  if (!teamView()) return;
  const { from, to } = currentFilter();
  const dimension = groupBy.value as 'customer' | 'project' | 'engineer';
  const generation = ++summaryGeneration;
  try {
    const groups = await summary(dimension, { from, to });
    if (generation !== summaryGeneration) return;
    chart.replaceChildren(barChart(groups, `Total hours per ${dimension}`));
    summaryBody.replaceChildren(
      ...groups.map((group) => {
        const row = element('tr');
        row.append(
          element('th', group.key, { scope: 'row' }),
          element('td', String(group.hours), { class: 'number' }),
          element('td', String(group.count), { class: 'number' }),
        );
        return row;
      }),
    );
  } catch (error) {
    showError(error);
  }
}

function refresh(): Promise<unknown> {
  return Promise.all([loadPage(), loadSummary()]);
}

function openEditor(activity: Activity): void {
  editing = activity;
  fillForm(editForm, activity);
  showProblems(editForm, []);
  dialog.showModal();
}

async function saveEdit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!editing) return;
  const values = readActivity(editForm);
  const first = showProblems(editForm, activityFormProblems(values));
  if (first) {
    first.focus();
    return;
  }
  try {
    const saved = await updateActivity(editing.id, values as ActivityInput);
    dialog.close();
    announce(status, `Updated ${saved.activity} on ${saved.date}.`, 'success');
    await refresh();
  } catch (error) {
    if (error instanceof ApiError && error.errors.length > 0) showProblems(editForm, error.errors)?.focus();
    else showError(error);
  }
}

async function removeRecord(activity: Activity): Promise<void> {
  if (!window.confirm(`Delete ${activity.hours} h of ${activity.activity} on ${activity.date}?`)) return;
  try {
    await deleteActivity(activity.id);
    announce(status, `Deleted ${activity.activity} on ${activity.date}.`, 'success');
    await refresh();
  } catch (error) {
    showError(error);
  }
}

async function downloadCsv(): Promise<void> {
  try {
    const blob = await exportCsv(currentFilter());
    const link = element('a', undefined, { href: URL.createObjectURL(blob), download: 'activities.csv' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (error) {
    showError(error);
  }
}

filters.addEventListener('submit', (event) => {
  event.preventDefault();
  cursors = [undefined];
  pageIndex = 0;
  void refresh();
});
filters.addEventListener('reset', () => {
  setTimeout(() => filters.requestSubmit(), 0);
});
newer.addEventListener('click', () => {
  pageIndex = Math.max(0, pageIndex - 1);
  void loadPage();
});
older.addEventListener('click', () => {
  pageIndex += 1;
  void loadPage();
});
groupBy.addEventListener('change', () => void loadSummary());
view.addEventListener('change', () => {
  showView();
  filters.requestSubmit();
});
byId('download-csv', HTMLButtonElement).addEventListener('click', () => void downloadCsv());
editForm.addEventListener('submit', (event) => void saveEdit(event));
byId('cancel-edit', HTMLButtonElement).addEventListener('click', () => dialog.close());
validateOnBlur(editForm);

showView();
void refresh();
void loadSuggestions({ team: isManager });
// Archived projects keep their history: the filters offer them too.
void attachCatalogue(
  [{ customer: byId('filter-customer', HTMLInputElement), project: byId('filter-project', HTMLInputElement) }],
  { archived: true },
);
