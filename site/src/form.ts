import type { ActivityInput } from '@shared/activities/activity.schema';
import { activityFormProblems, fillForm, readActivity, showProblems, today, validateOnBlur } from './lib/activity-form';
import { ApiError, createActivity, listActivities } from './lib/api';
import { rolesOf, showSignedIn, signedIn } from './lib/auth';
import { attachCatalogue } from './lib/catalogue-picker';
import { announce, byId } from './lib/dom';
import { loadSuggestions } from './lib/suggestions';
import { timerPanel } from './lib/timer';

// Nothing on this page works without a signed-in person: this sends them to sign in first.
const user = await signedIn();
showSignedIn(user);
const team = rolesOf(user).includes('manager');

const form = byId('activity-form', HTMLFormElement);
const status = byId('form-status', HTMLElement);
const submit = byId('submit-activity', HTMLButtonElement);
const forEngineer = byId('for-engineer', HTMLSelectElement);

/** A manager may record for an engineer: the people who have records, newest first. */
async function offerEngineers(): Promise<void> {
  byId('for-field', HTMLElement).hidden = false;
  const { items } = await listActivities({}, { limit: 100 }).catch(() => ({ items: [] }));
  const people = new Map<string, string>();
  for (const item of items) {
    if (item.engineerId && item.engineerId !== user.profile.sub) people.set(item.engineerId, item.engineer);
  }
  for (const [id, name] of [...people].sort((a, b) => a[1].localeCompare(b[1]))) {
    const option = document.createElement('option');
    option.value = id;
    option.textContent = name;
    forEngineer.append(option);
  }
}

/** The form's values, with `onBehalfOf` when a manager chose an engineer. */
function readEntry(): Record<string, unknown> {
  const values = readActivity(form);
  const chosen = forEngineer.selectedOptions[0];
  if (chosen && chosen.value !== '') values.onBehalfOf = { id: chosen.value, name: chosen.textContent ?? '' };
  return values;
}

/** One key per form fill: a double click or a retry of the same fill stores one record. */
let idempotencyKey = crypto.randomUUID();

function resetForm(): void {
  fillForm(form, { date: today() });
  showProblems(form, []);
  idempotencyKey = crypto.randomUUID();
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (submit.disabled) return;
  const values = readEntry();
  const first = showProblems(form, activityFormProblems(values));
  if (first) {
    announce(status, 'Please correct the highlighted fields.', 'error');
    first.focus();
    return;
  }
  submit.disabled = true;
  announce(status, 'Saving…');
  try {
    const saved = await createActivity(values as ActivityInput, idempotencyKey);
    resetForm();
    announce(
      status,
      `Saved${saved.recordedBy ? ` for ${saved.engineer}` : ''}: ${saved.hours} h of ${saved.activity} for ${saved.customer} / ${saved.project} on ${saved.date}.`,
      'success',
    );
    void loadSuggestions({ team });
  } catch (error) {
    if (error instanceof ApiError && error.errors.length > 0) {
      showProblems(form, error.errors)?.focus();
      announce(status, 'The server did not accept this entry: please correct the highlighted fields.', 'error');
    } else {
      // Keep the entry and the key: a retry of this fill still stores at most one record.
      announce(
        status,
        `${error instanceof Error ? error.message : 'Saving failed.'} Your entry is kept; try again.`,
        'error',
      );
    }
  } finally {
    submit.disabled = false;
  }
}

const timer = timerPanel(() => void loadSuggestions({ team }));

/** Starts a timer on the form's customer, project and activity (and notes); date and hours come from the clock. */
async function onStartTimer(): Promise<void> {
  const values = readActivity(form);
  const problems = activityFormProblems({ ...values, date: today(), hours: 1 }).filter((problem) =>
    ['customer', 'project', 'activity', 'notes'].includes(problem.field),
  );
  const first = showProblems(form, problems);
  if (first) {
    announce(status, 'A timer needs a customer, a project and an activity.', 'error');
    first.focus();
    return;
  }
  const { customer, project, activity, notes } = values as Record<string, string | undefined>;
  await timer.start({
    customer: customer ?? '',
    project: project ?? '',
    activity: activity ?? '',
    ...(notes ? { notes } : {}),
  });
}

byId('start-timer', HTMLButtonElement).addEventListener('click', () => void onStartTimer());
void timer.refresh();
form.addEventListener('submit', (event) => void onSubmit(event));
form.addEventListener('reset', (event) => {
  event.preventDefault();
  resetForm();
  announce(status, '');
});
validateOnBlur(form);
resetForm();
void loadSuggestions({ team });
// Engineers pick the customer and project from the catalogue; archived projects take no new hours.
void attachCatalogue([{ customer: byId('customer', HTMLInputElement), project: byId('project', HTMLInputElement) }], {
  archived: false,
});
if (team) void offerEngineers();
