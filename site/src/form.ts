import type { ActivityInput } from '@shared/activities/activity.schema';
import { activityFormProblems, fillForm, readActivity, showProblems, today, validateOnBlur } from './lib/activity-form';
import { ApiError, createActivity } from './lib/api';
import { rolesOf, showSignedIn, signedIn } from './lib/auth';
import { announce, byId } from './lib/dom';
import { loadSuggestions } from './lib/suggestions';

// Nothing on this page works without a signed-in person: this sends them to sign in first.
const user = await signedIn();
showSignedIn(user);
const team = rolesOf(user).includes('manager');

const form = byId('activity-form', HTMLFormElement);
const status = byId('form-status', HTMLElement);
const submit = byId('submit-activity', HTMLButtonElement);

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
  const values = readActivity(form);
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
      `Saved: ${saved.hours} h of ${saved.activity} for ${saved.customer} / ${saved.project} on ${saved.date}.`,
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

form.addEventListener('submit', (event) => void onSubmit(event));
form.addEventListener('reset', (event) => {
  event.preventDefault();
  resetForm();
  announce(status, '');
});
validateOnBlur(form);
resetForm();
void loadSuggestions({ team });
