import type { ActivityInput } from '@shared/activities/activity.schema';
import { ApiError, createActivity, deleteActivity, updateActivity } from './lib/api';
import { showSignedIn, signedIn } from './lib/auth';
import { attachCatalogue } from './lib/catalogue-picker';
import { barChart } from './lib/chart';
import { announce, byId, element } from './lib/dom';
import { timerPanel } from './lib/timer';
import {
  decideWeek,
  getWeek,
  type PendingWeek,
  pendingWeeks,
  submitWeek,
  type TeamWeeks,
  teamWeeks,
  type Week,
  type WeekEntry,
  type WeekHours,
  withdrawWeek,
} from './lib/week-api';
import {
  cellHours,
  dayTotals,
  type GridRow,
  gridRows,
  isoWeekOf,
  moveFrom,
  nextWeekDate,
  planCellChange,
  rowKey,
  rowTotal,
} from './lib/week-grid';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const TEAM_WEEKS = 12;
const status = byId('week-status', HTMLElement);
const grid = byId('week-grid', HTMLTableElement);
const head = byId('grid-head', HTMLTableSectionElement);
const body = byId('grid-body', HTMLTableSectionElement);
const foot = byId('grid-foot', HTMLTableSectionElement);
const notesEditor = byId('notes-editor', HTMLDivElement);
const notesField = byId('cell-notes', HTMLTextAreaElement);
const addRowForm = byId('add-row', HTMLFormElement);
const addError = byId('add-error', HTMLElement);
const submitButton = byId('submit-week', HTMLButtonElement);
const withdrawButton = byId('withdraw-week', HTMLButtonElement);
const decision = byId('decision', HTMLElement);
const decisionComment = byId('decision-comment', HTMLTextAreaElement);
const decisionError = byId('decision-error', HTMLElement);

// Nothing on this page works without a signed-in person: this sends them to sign in first.
showSignedIn(await signedIn());

const params = new URLSearchParams(location.search);
const today = new Date().toISOString().slice(0, 10);
let weekId = params.get('week') ?? isoWeekOf(today);
const engineerParam = params.get('engineer') ?? undefined;

let week: Week | undefined;
let rows: GridRow[] = [];
/** Rows added or copied this visit that have no record yet (they vanish on reload, like an empty line). */
let extraRows: GridRow[] = [];
let notesCell: { row: number; day: number } | undefined;
let phoneDay = 0;

const isOwnWeek = () => week !== undefined && week.engineerId === week.viewer.id;
const isManager = () => week?.viewer.roles.includes('manager') ?? false;
/** Only one's own week, and only while it is open or rejected: a submitted week is frozen, an approved one locked. */
const editable = () => isOwnWeek() && week?.editable === true;

function showError(error: unknown): void {
  announce(status, error instanceof Error ? error.message : 'Something went wrong.', 'error');
}

function shortDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

const hoursText = (hours: number) => (hours === 0 ? '' : String(hours));
const cellInput = (row: number, day: number) =>
  body.querySelector<HTMLInputElement>(`input[data-row="${row}"][data-day="${day}"]`);

function renderHead(dates: string[]): void {
  const row = element('tr');
  row.append(
    element('th', 'Customer', { scope: 'col' }),
    element('th', 'Project', { scope: 'col' }),
    element('th', 'Activity', { scope: 'col' }),
  );
  dates.forEach((date, day) => {
    row.append(
      element('th', `${DAY_NAMES[day]} ${shortDate(date)}`, { scope: 'col', class: 'number', 'data-day': String(day) }),
    );
  });
  row.append(element('th', 'Total', { scope: 'col', class: 'number' }));
  head.replaceChildren(row);
}

function renderCell(gridRow: GridRow, rowIndex: number, day: number, date: string): HTMLTableCellElement {
  const cell = gridRow.cells[day] ?? [];
  const td = element('td', undefined, { class: 'cell', 'data-day': String(day) });
  const label = `${gridRow.activity} (${gridRow.customer} / ${gridRow.project}) on ${DAY_NAMES[day]} ${shortDate(date)}`;
  const errorId = `cell-error-${rowIndex}-${day}`;
  const input = element('input', undefined, {
    type: 'text',
    inputmode: 'decimal',
    autocomplete: 'off',
    'aria-label': `Hours: ${label}`,
    'aria-describedby': errorId,
    'data-row': String(rowIndex),
    'data-day': String(day),
  });
  input.value = hoursText(cellHours(cell));
  input.dataset.saved = input.value;
  input.disabled = !editable();
  const notes = cell.map((entry) => entry.notes ?? '').filter((text) => text !== '');
  const parts: HTMLElement[] = [input, element('span', undefined, { id: errorId, class: 'cell-error', role: 'alert' })];
  if (notes.length > 0) {
    // The tooltip for a mouse; screen readers hear the notes with the cell, and focusing it shows them below the grid.
    input.title = notes.join('\n');
    const notesId = `cell-notes-${rowIndex}-${day}`;
    input.setAttribute('aria-describedby', `${errorId} ${notesId}`);
    parts.push(element('span', `Notes: ${notes.join('; ')}`, { id: notesId, class: 'visually-hidden' }));
    td.classList.add('has-notes');
  }
  td.append(...parts);
  return td;
}

function renderBody(): void {
  if (week === undefined) return;
  const dates = week.dates;
  body.replaceChildren(
    ...rows.map((gridRow, rowIndex) => {
      const tr = element('tr');
      const activityCell = element('td', gridRow.activity);
      if (isOwnWeek()) {
        const startButton = element('button', 'Timer', {
          type: 'button',
          class: 'secondary row-timer',
          'aria-label': `Start a timer on ${gridRow.activity} (${gridRow.customer} / ${gridRow.project})`,
        });
        const { customer, project, activity } = gridRow;
        startButton.addEventListener('click', () => void timer.start({ customer, project, activity }));
        activityCell.append(' ', startButton);
      }
      tr.append(element('th', gridRow.customer, { scope: 'row' }), element('td', gridRow.project), activityCell);
      dates.forEach((date, day) => {
        tr.append(renderCell(gridRow, rowIndex, day, date));
      });
      tr.append(element('td', hoursText(rowTotal(gridRow)) || '0', { class: 'number row-total' }));
      return tr;
    }),
  );
  if (rows.length === 0) {
    const empty = element('td', 'No hours this week yet. Add a row below, or copy last week.', { colspan: '11' });
    body.replaceChildren(element('tr'));
    body.firstElementChild?.append(empty);
  }
  renderTotals();
}

function renderTotals(): void {
  if (week === undefined) return;
  const totals = dayTotals(rows, week.dates.length);
  const row = element('tr');
  row.append(element('th', 'Total', { scope: 'row', colspan: '3' }));
  totals.forEach((total, day) => {
    row.append(element('td', String(total), { class: 'number', 'data-day': String(day) }));
  });
  const weekTotal = totals.reduce((sum, total) => sum + Math.round(total * 100), 0) / 100;
  row.append(element('td', String(weekTotal), { class: 'number', id: 'week-total' }));
  foot.replaceChildren(row);
  rows.forEach((gridRow, index) => {
    const cell = body.children[index]?.querySelector('.row-total');
    if (cell) cell.textContent = String(rowTotal(gridRow));
  });
}

function renderHistory(): void {
  const list = byId('history', HTMLOListElement);
  const entries = week?.history ?? [];
  if (entries.length === 0) {
    list.replaceChildren(element('li', 'Not submitted yet.'));
    return;
  }
  list.replaceChildren(
    ...entries.map((entry) => {
      const when = new Date(entry.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
      const covered = entry.hours === undefined ? '' : ` · ${entry.hours.week} h (revision ${entry.revision ?? 0})`;
      const item = element('li', `${entry.action} by ${entry.by}, ${when}${covered}`, { 'data-action': entry.action });
      if (entry.comment) item.append(element('q', entry.comment));
      return item;
    }),
  );
}

/** `23.75 h: Mon 8, Tue 7.5, Thu 8.25`: a week's hours on the days that have some. */
function weekHoursText(hours: WeekHours): string {
  const days = Object.entries(hours.byDate)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, value], day) => (value > 0 ? [`${DAY_NAMES[day]} ${value}`] : []));
  return `${hours.week} h${days.length > 0 ? `: ${days.join(', ')}` : ''}`;
}

function renderDecision(): void {
  if (week === undefined) return;
  const canDecide = isManager() && !isOwnWeek();
  decision.hidden = !canDecide;
  if (!canDecide) return;
  const { submitted } = week;
  byId('decision-covers', HTMLElement).textContent =
    week.state === 'submitted' && submitted
      ? `Approving approves what was submitted: ${weekHoursText(submitted.hours)} (revision ${submitted.revision}). The week cannot change while it waits.`
      : '';
  byId('approve-week', HTMLButtonElement).disabled = week.state !== 'submitted';
  byId('reject-week', HTMLButtonElement).disabled = week.state !== 'submitted';
  byId('reopen-week', HTMLButtonElement).disabled = week.state !== 'approved';
  byId('decision-comment-label', HTMLLabelElement).textContent =
    week.state === 'approved' ? 'Reason to reopen (required)' : 'Comment (required to reject)';
}

/** Submit while the week is the engineer's to fill; withdraw while it is submitted. */
function renderOwnSteps(own: boolean): void {
  const state = week?.state;
  byId('own-decision', HTMLElement).hidden = !own;
  submitButton.disabled = !own || !(state === 'open' || state === 'rejected');
  submitButton.hidden = !own || state === 'submitted';
  withdrawButton.hidden = !own || state !== 'submitted';
}

function renderStateMessage(own: boolean): void {
  if (week === undefined) return;
  const rejection = week.state === 'rejected' ? week.history.at(-1) : undefined;
  if (rejection) announce(status, `Rejected by ${rejection.by}: ${rejection.comment ?? ''}`, 'error');
  else if (week.locked) announce(status, 'This week is approved and locked. A manager can reopen it.', 'info');
  else if (week.state === 'submitted' && own) {
    const covered = week.submitted ? weekHoursText(week.submitted.hours) : 'its hours';
    announce(
      status,
      `Submitted with ${covered}. It is frozen while a manager decides: withdraw it to change it.`,
      'info',
    );
  }
}

function render(): void {
  if (week === undefined) return;
  const own = isOwnWeek();
  byId('week-title', HTMLElement).textContent = own ? 'My week' : `Week of ${week.engineer ?? 'an engineer'}`;
  byId('week-label', HTMLElement).textContent =
    `${week.week} · ${shortDate(week.dates[0] ?? '')} – ${shortDate(week.dates[6] ?? '')}`;
  const badge = byId('week-state', HTMLElement);
  badge.textContent = week.locked ? `${week.state} · locked` : week.state;
  badge.dataset.state = week.state;
  renderHead(week.dates);
  renderBody();
  byId('edit-tools', HTMLElement).hidden = !editable();
  renderOwnSteps(own);
  renderHistory();
  renderDecision();
  renderStateMessage(own);
  showPhoneDay(phoneDay);
}

async function load(): Promise<void> {
  announce(status, 'Loading the week…');
  try {
    week = await getWeek(weekId, engineerParam);
    const keep = new Set(week.entries.map(rowKey));
    extraRows = extraRows.filter((row) => !keep.has(rowKey(row)));
    rows = gridRows(week.dates, week.entries, extraRows);
    announce(status, '');
    render();
    if (isManager()) void loadTeam();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) announce(status, 'Sign in to see your week.', 'error');
    else showError(error);
  }
}

function goTo(id: string): void {
  weekId = id;
  extraRows = [];
  const url = new URL(location.href);
  url.searchParams.set('week', id);
  history.replaceState(null, '', url);
  void load();
}

function cellError(row: number, day: number, message: string): void {
  const input = cellInput(row, day);
  const error = document.getElementById(`cell-error-${row}-${day}`);
  if (error) error.textContent = message;
  input?.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const problems = error.errors.map((problem) => `${problem.field} ${problem.problem}`);
    return problems.length > 0 && error.status === 400 ? problems.join('; ') : error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

function activityInput(
  gridRow: Pick<GridRow, 'customer' | 'project' | 'activity'>,
  date: string,
  hours: number,
  notes?: string,
): ActivityInput {
  return {
    customer: gridRow.customer,
    project: gridRow.project,
    activity: gridRow.activity,
    date,
    hours,
    ...(notes ? { notes } : {}),
  };
}

async function commitCell(input: HTMLInputElement): Promise<void> {
  if (week === undefined) return;
  const rowIndex = Number(input.dataset.row);
  const day = Number(input.dataset.day);
  const gridRow = rows[rowIndex];
  const date = week.dates[day];
  if (gridRow === undefined || date === undefined) return;
  const cell = gridRow.cells[day] ?? [];
  const change = planCellChange(cell, input.value);
  try {
    switch (change.kind) {
      case 'none':
        cellError(rowIndex, day, '');
        return;
      case 'invalid':
        cellError(rowIndex, day, change.problem);
        return;
      case 'create': {
        const created = await createActivity(activityInput(gridRow, date, change.hours), crypto.randomUUID());
        gridRow.cells[day] = [{ ...created, engineerId: week.engineerId } as WeekEntry];
        break;
      }
      case 'update': {
        const { entry } = change;
        await updateActivity(entry.id, activityInput(entry, entry.date, change.hours, entry.notes));
        gridRow.cells[day] = [{ ...entry, hours: change.hours }];
        break;
      }
      case 'delete':
        await deleteActivity(change.entry.id);
        gridRow.cells[day] = [];
        break;
    }
    input.dataset.saved = input.value.trim();
    cellError(rowIndex, day, '');
    renderTotals();
  } catch (error) {
    cellError(rowIndex, day, messageOf(error));
    refreshAfterRefusal(error);
  }
}

/** A write the week refused (submitted or approved meanwhile, elsewhere): the page reads the week's state again. */
function refreshAfterRefusal(error: unknown): void {
  if (error instanceof ApiError && (error.status === 409 || error.status === 403)) {
    const message = messageOf(error);
    void load().then(() => announce(status, message, 'error'));
  }
}

function focusCell(row: number, day: number): void {
  const input = cellInput(row, day);
  if (!input) return;
  showPhoneDay(day);
  input.focus();
  input.select();
}

/** Set while focus goes back to a cell whose notes were just saved: the panel stays closed. */
let notesJustSaved = false;

function showNotes(row: number, day: number): void {
  if (notesJustSaved) {
    notesJustSaved = false;
    return;
  }
  const cell = rows[row]?.cells[day] ?? [];
  const [entry] = cell;
  const readOnly = !editable();
  // A week that takes no writes still shows a cell's notes (read only) to whoever reaches the cell.
  if (cell.length !== 1 || entry === undefined || (readOnly && !entry.notes)) {
    notesEditor.hidden = true;
    notesCell = undefined;
    return;
  }
  notesCell = { row, day };
  notesEditor.hidden = false;
  byId('notes-label', HTMLLabelElement).textContent = readOnly
    ? `Notes: ${entry.activity} on ${DAY_NAMES[day]} ${shortDate(entry.date)}`
    : `Notes: ${entry.activity} on ${DAY_NAMES[day]} ${shortDate(entry.date)} (Ctrl+Enter from the cell)`;
  notesField.value = entry.notes ?? '';
  notesField.readOnly = readOnly;
  byId('save-notes', HTMLButtonElement).hidden = readOnly;
}

function showPhoneDay(day: number): void {
  phoneDay = Math.min(Math.max(day, 0), 6);
  grid.dataset.day = String(phoneDay);
  const date = week?.dates[phoneDay];
  byId('day-label', HTMLElement).textContent = date ? `${DAY_NAMES[phoneDay]} ${shortDate(date)}` : '';
}

/** Saves of one cell run one after another, so a quick second edit sees the record the first one made. */
const saving = new WeakMap<HTMLInputElement, Promise<void>>();
function saveCell(input: HTMLInputElement): void {
  const next = (saving.get(input) ?? Promise.resolve()).then(() => commitCell(input));
  saving.set(input, next);
}

body.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement) saveCell(event.target);
});

body.addEventListener('focusin', (event) => {
  if (event.target instanceof HTMLInputElement)
    showNotes(Number(event.target.dataset.row), Number(event.target.dataset.day));
});

body.addEventListener('keydown', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement)) return;
  const at = { row: Number(input.dataset.row), day: Number(input.dataset.day) };
  if (event.key === 'Escape') {
    input.value = input.dataset.saved ?? '';
    cellError(at.row, at.day, '');
    return;
  }
  if (event.key === 'Enter' && event.ctrlKey) {
    if (!notesEditor.hidden) notesField.focus();
    return;
  }
  const caretAtStart = input.selectionStart === 0 && input.selectionEnd === 0;
  const caretAtEnd = input.selectionStart === input.value.length;
  const moves =
    event.key === 'ArrowUp' ||
    event.key === 'ArrowDown' ||
    event.key === 'Enter' ||
    (event.key === 'ArrowLeft' && (caretAtStart || input.selectionEnd === input.value.length)) ||
    (event.key === 'ArrowRight' && caretAtEnd);
  if (!moves) return;
  event.preventDefault();
  const to = moveFrom(at, event.key as 'ArrowUp', { rows: rows.length, days: 7 });
  // Leaving the cell fires its change event, which saves it; Enter saves at once (also on the last row).
  if (event.key === 'Enter') saveCell(input);
  focusCell(to.row, to.day);
});

byId('save-notes', HTMLButtonElement).addEventListener('click', async () => {
  if (notesCell === undefined) return;
  const { row, day } = notesCell;
  const entry = rows[row]?.cells[day]?.[0];
  if (entry === undefined) return;
  try {
    const notes = notesField.value.trim();
    await updateActivity(entry.id, activityInput(entry, entry.date, entry.hours, notes));
    (rows[row]?.cells[day] ?? [])[0] = { ...entry, notes };
    notesEditor.hidden = true;
    notesCell = undefined;
    // Re-rendered so that the cell's notes marker shows (or goes) at once.
    renderBody();
    announce(status, 'Notes saved.', 'success');
    notesJustSaved = true;
    focusCell(row, day);
    notesJustSaved = false;
  } catch (error) {
    showError(error);
    refreshAfterRefusal(error);
  }
});

addRowForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(addRowForm);
  const fields = { customer: '', project: '', activity: '' };
  for (const key of ['customer', 'project', 'activity'] as const) fields[key] = String(data.get(key) ?? '').trim();
  const missing = Object.entries(fields)
    .filter(([, value]) => value === '')
    .map(([key]) => key);
  if (missing.length > 0) {
    addError.textContent = `Fill in: ${missing.join(', ')}.`;
    return;
  }
  addError.textContent = '';
  if (!rows.some((row) => rowKey(row) === rowKey(fields))) {
    const added = { ...fields, cells: Array.from({ length: 7 }, () => []) };
    extraRows.push(added);
    rows.push({ ...added, cells: added.cells.map(() => []) });
    renderBody();
  }
  addRowForm.reset();
  focusCell(
    rows.findIndex((row) => rowKey(row) === rowKey(fields)),
    phoneDay,
  );
});

async function copyLastWeek(withHours: boolean): Promise<void> {
  if (week === undefined) return;
  try {
    const previous = await getWeek(week.previous);
    const copied = gridRows(previous.dates, previous.entries);
    for (const row of copied) {
      if (!rows.some((existing) => rowKey(existing) === rowKey(row)))
        extraRows.push({ ...row, cells: row.cells.map(() => []) });
    }
    if (!withHours) {
      rows = gridRows(week.dates, week.entries, extraRows);
      renderBody();
      announce(status, `Copied ${copied.length} rows from ${previous.week}.`, 'success');
      return;
    }
    const refused: string[] = [];
    let created = 0;
    for (const entry of previous.entries) {
      const date = nextWeekDate(entry.date);
      const target = rows.find((row) => rowKey(row) === rowKey(entry));
      if ((target?.cells[week.dates.indexOf(date)] ?? []).length > 0) continue;
      try {
        await createActivity(activityInput(entry, date, entry.hours, entry.notes), crypto.randomUUID());
        created += 1;
      } catch (error) {
        refused.push(`${date}: ${messageOf(error)}`);
      }
    }
    await load();
    announce(
      status,
      `Copied ${created} records from ${previous.week}.${refused.length > 0 ? ` Not copied: ${refused.join('; ')}` : ''}`,
      refused.length > 0 ? 'error' : 'success',
    );
  } catch (error) {
    showError(error);
  }
}

byId('copy-rows', HTMLButtonElement).addEventListener('click', () => void copyLastWeek(false));
byId('copy-hours', HTMLButtonElement).addEventListener('click', () => void copyLastWeek(true));
byId('previous-week', HTMLButtonElement).addEventListener('click', () => week && goTo(week.previous));
byId('next-week', HTMLButtonElement).addEventListener('click', () => week && goTo(week.next));
byId('this-week', HTMLButtonElement).addEventListener('click', () =>
  goTo(isoWeekOf(new Date().toISOString().slice(0, 10))),
);
byId('previous-day', HTMLButtonElement).addEventListener('click', () => showPhoneDay(phoneDay - 1));
byId('next-day', HTMLButtonElement).addEventListener('click', () => showPhoneDay(phoneDay + 1));

submitButton.addEventListener('click', async () => {
  try {
    week = { ...(await submitWeek(weekId)), viewer: week?.viewer ?? { id: '', name: '', roles: [] } };
    render();
    announce(
      status,
      'Submitted; your managers have been emailed. It is frozen while a manager decides: withdraw it to change it.',
      'success',
    );
  } catch (error) {
    showError(error);
  }
});

withdrawButton.addEventListener('click', async () => {
  try {
    week = { ...(await withdrawWeek(weekId)), viewer: week?.viewer ?? { id: '', name: '', roles: [] } };
    render();
    announce(status, 'Withdrawn: the week is open again. Submit it when it is ready.', 'success');
  } catch (error) {
    showError(error);
  }
});

async function decide(action: 'approve' | 'reject' | 'reopen'): Promise<void> {
  if (week === undefined) return;
  const text = decisionComment.value.trim();
  decisionError.textContent = '';
  try {
    const body =
      action === 'reopen' ? { engineer: week.engineerId, reason: text } : { engineer: week.engineerId, comment: text };
    week = { ...(await decideWeek(action, weekId, body)), viewer: week.viewer };
    decisionComment.value = '';
    render();
    announce(
      status,
      `Week ${action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'reopened'}.`,
      'success',
    );
    void loadTeam();
  } catch (error) {
    decisionError.textContent = messageOf(error);
  }
}

byId('approve-week', HTMLButtonElement).addEventListener('click', () => void decide('approve'));
byId('reject-week', HTMLButtonElement).addEventListener('click', () => void decide('reject'));
byId('reopen-week', HTMLButtonElement).addEventListener('click', () => void decide('reopen'));

function weekLink(engineerId: string, id: string, text: string): HTMLAnchorElement {
  const link = element('a', text, {
    href: `week.html?week=${encodeURIComponent(id)}&engineer=${encodeURIComponent(engineerId)}`,
  });
  return link;
}

function renderPending(pending: PendingWeek[]): void {
  const list = byId('pending', HTMLUListElement);
  if (pending.length === 0) {
    list.replaceChildren(element('li', 'Nothing waits for a decision.'));
    return;
  }
  list.replaceChildren(
    ...pending.map((item) => {
      const entry = element('li');
      entry.append(
        weekLink(item.engineerId, item.week, `${item.engineer}, ${item.week}`),
        ` · ${item.hours} h submitted`,
      );
      return entry;
    }),
  );
}

function renderTeam(team: TeamWeeks): void {
  const headRow = element('tr');
  headRow.append(
    element('th', 'Engineer', { scope: 'col' }),
    ...team.weeks.map((id) => element('th', id, { scope: 'col' })),
  );
  byId('team-head', HTMLTableSectionElement).replaceChildren(headRow);
  byId('team-body', HTMLTableSectionElement).replaceChildren(
    ...team.engineers.map((engineer) => {
      const tr = element('tr');
      tr.append(element('th', engineer.engineer, { scope: 'row' }));
      for (const cell of engineer.weeks) {
        const td = element('td', undefined, { 'data-state': cell.state });
        td.append(weekLink(engineer.engineerId, cell.week, `${cell.hours} h · ${cell.state}`));
        tr.append(td);
      }
      return tr;
    }),
  );
  const groups = team.totals.map((total, index) => ({
    key: total.week,
    hours: total.hours,
    count: team.engineers.filter((engineer) => (engineer.weeks[index]?.hours ?? 0) > 0).length,
  }));
  byId('team-chart', HTMLElement).replaceChildren(barChart(groups, 'Hours per week of the team'));
}

async function loadTeam(): Promise<void> {
  const team = byId('team', HTMLElement);
  team.hidden = false;
  const to = isoWeekOf(today);
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 7 * (TEAM_WEEKS - 1));
  try {
    const [pending, weeks] = await Promise.all([
      pendingWeeks(),
      teamWeeks(isoWeekOf(start.toISOString().slice(0, 10)), to),
    ]);
    renderPending(pending);
    renderTeam(weeks);
  } catch (error) {
    showError(error);
  }
}

const timer = timerPanel(() => void load());
void timer.refresh();
void load();

// New rows pick their customer and project from the catalogue (archived projects take no new hours).
void attachCatalogue(
  [{ customer: byId('row-customer', HTMLInputElement), project: byId('row-project', HTMLInputElement) }],
  { archived: false },
);
