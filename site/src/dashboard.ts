import type { ActivityInput } from '@shared/activities/activity.schema';
import { activityFormProblems, fillForm, readActivity, showProblems, validateOnBlur } from './lib/activity-form';
import {
  type Activity,
  type ActivityFilter,
  ApiError,
  type Download,
  deleteActivity,
  exportCsv,
  exportXlsx,
  listActivities,
  type SummaryDimension,
  type SummaryGroup,
  summary,
  updateActivity,
} from './lib/api';
import { rolesOf, showSignedIn, signedIn } from './lib/auth';
import { attachCatalogue } from './lib/catalogue-picker';
import { barChart } from './lib/chart';
import { announce, byId, element } from './lib/dom';
import { type Period, periodRange } from './lib/periods';
import { loadSuggestions } from './lib/suggestions';
import { getWeek } from './lib/week-api';
import { isoWeekOf } from './lib/week-grid';

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
const thenBy = byId('then-by', HTMLSelectElement);
const period = byId('filter-period', HTMLSelectElement);
const recordsTitle = byId('records-title', HTMLElement);

/** "My activities" for everyone by default; a manager may switch to the team (engineer filter, chart). */
const teamView = () => isManager && view.value === 'team';

function showView(): void {
  byId('view-field', HTMLElement).hidden = !isManager;
  byId('engineer-filter', HTMLElement).hidden = !teamView();
  byId('summary-title', HTMLElement).textContent = teamView() ? 'Team total hours' : 'My total hours';
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

/** Whether each engineer's week takes writes, keyed `engineerId week`: read once per page shown. */
const weekTakesWrites = new Map<string, Promise<boolean>>();

function takesWrites(activity: Activity): Promise<boolean> {
  if (activity.engineerId === undefined) return Promise.resolve(true);
  const week = isoWeekOf(activity.date);
  const key = `${activity.engineerId} ${week}`;
  let known = weekTakesWrites.get(key);
  if (known === undefined) {
    known = getWeek(week, activity.engineerId === user.profile.sub ? undefined : activity.engineerId)
      .then((read) => read.editable)
      .catch(() => true);
    weekTakesWrites.set(key, known);
  }
  return known;
}

/** A submitted or approved week takes no writes: its rows offer no Edit or Delete, and say why. */
async function showActions(activity: Activity, actions: HTMLTableCellElement, buttons: HTMLElement[]): Promise<void> {
  if (await takesWrites(activity)) actions.replaceChildren(...buttons);
  else actions.replaceChildren(element('span', 'Week submitted or locked', { class: 'hint' }));
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
  void showActions(activity, actions, [edit, remove]);
  row.append(actions);
  return row;
}

/** True when the person set any filter (the view itself is not one). */
function filtersSet(): boolean {
  const { engineerId: _own, ...set } = currentFilter();
  return Object.keys(set).length > 0;
}

/** What an empty list says: that filters hide records, or how to record the first ones. */
function emptyRow(): HTMLTableRowElement {
  const cell = element('td', undefined, { colspan: '8', id: 'records-empty' });
  if (filtersSet()) cell.textContent = 'No records match these filters.';
  else {
    cell.append(
      teamView() ? 'Nobody has recorded any hours yet. ' : 'You have no records yet. ',
      element('a', 'Record an activity', { href: 'index.html' }),
      ' (or start a timer there), or fill in ',
      element('a', 'your week', { href: 'week.html' }),
      '.',
    );
  }
  const row = element('tr');
  row.append(cell);
  return row;
}

async function loadPage(): Promise<void> {
  const generation = ++pageGeneration;
  try {
    const page = await listActivities(currentFilter(), { limit: PAGE_SIZE, cursor: cursors[pageIndex] });
    if (generation !== pageGeneration) return;
    weekTakesWrites.clear();
    rows.replaceChildren(...page.items.map(recordRow));
    if (page.items.length === 0) rows.replaceChildren(emptyRow());
    cursors = cursors.slice(0, pageIndex + 1);
    if (page.nextCursor) cursors.push(page.nextCursor);
    newer.disabled = pageIndex === 0;
    older.disabled = page.nextCursor === null;
    pageLabel.textContent = `Page ${pageIndex + 1}`;
  } catch (error) {
    showError(error);
  }
}

/** The summary of what the filters select (an engineer's own records), by one dimension or two. */
async function loadSummary(): Promise<void> {
  const dimension = groupBy.value as SummaryDimension;
  const second = thenBy.value === '' || thenBy.value === dimension ? undefined : (thenBy.value as SummaryDimension);
  const generation = ++summaryGeneration;
  try {
    const groups = await summary(dimension, currentFilter(), second);
    if (generation !== summaryGeneration) return;
    const label = (group: SummaryGroup) => (group.subKey === undefined ? group.key : `${group.key} · ${group.subKey}`);
    const title = `Total hours per ${dimension}${second ? ` and ${second}` : ''}`;
    chart.replaceChildren(
      barChart(
        groups.map((group) => ({ ...group, key: label(group) })),
        title,
      ),
    );
    summaryBody.replaceChildren(
      ...groups.map((group) => {
        const row = element('tr');
        row.append(
          element('th', label(group), { scope: 'row' }),
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

async function downloadExport(make: (filter: ActivityFilter) => Promise<Download>): Promise<void> {
  try {
    const { blob, fileName, leftOut } = await make(currentFilter());
    const link = element('a', undefined, { href: URL.createObjectURL(blob), download: fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    if (leftOut !== undefined) {
      announce(status, `The workbook holds the first rows only: ${leftOut} more are left out. CSV downloads them all.`);
    }
  } catch (error) {
    showError(error);
  }
}

/** The CSV export, every part of it, saying how far it has come. */
const csvWithProgress = (filter: ActivityFilter) =>
  exportCsv(filter, ({ rows, remaining }) =>
    announce(status, remaining > 0 ? `Downloading: ${rows} rows, ${remaining} to go…` : `Downloaded ${rows} rows.`),
  );

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
thenBy.addEventListener('change', () => void loadSummary());
period.addEventListener('change', () => {
  const range = periodRange(period.value as Period, new Date());
  if (range === undefined) return;
  byId('filter-from', HTMLInputElement).value = range.from;
  byId('filter-to', HTMLInputElement).value = range.to;
  filters.requestSubmit();
});
view.addEventListener('change', () => {
  showView();
  filters.requestSubmit();
});
byId('download-csv', HTMLButtonElement).addEventListener('click', () => void downloadExport(csvWithProgress));
byId('download-xlsx', HTMLButtonElement).addEventListener('click', () => void downloadExport(exportXlsx));
editForm.addEventListener('submit', (event) => void saveEdit(event));
byId('cancel-edit', HTMLButtonElement).addEventListener('click', () => dialog.close());
validateOnBlur(editForm);

/** A manager with no records of their own opens on the team, where the records they look after are. */
async function chooseView(): Promise<void> {
  if (!isManager) return;
  const own = await listActivities({ engineerId: user.profile.sub }, { limit: 1 }).catch(() => undefined);
  if (own !== undefined && own.items.length === 0) view.value = 'team';
}

await chooseView();
showView();
void refresh();
void loadSuggestions({ team: isManager });
// Archived projects keep their history: the filters offer them too.
void attachCatalogue(
  [{ customer: byId('filter-customer', HTMLInputElement), project: byId('filter-project', HTMLInputElement) }],
  { archived: true },
);
