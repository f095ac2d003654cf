import type { ActivityInput } from '@shared/activities/activity.schema';
import { activityProblems, parseHoursText } from '@shared/activities/activity-rules';
import validateActivityInput from '@shared/activities/generated/activity-input';
import type { FieldProblem } from '@shared/field-problem';
import { type AjvError, fieldProblems } from '@shared/validation/field-problems';

export const FIELDS = ['customer', 'project', 'activity', 'date', 'hours', 'notes'] as const;
export type FieldName = (typeof FIELDS)[number];

/** Today's date in the browser's time zone, as YYYY-MM-DD. */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

function control(form: HTMLFormElement, name: FieldName): HTMLInputElement | HTMLTextAreaElement {
  const element = form.elements.namedItem(name);
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) {
    throw new Error(`The form has no field ${name}`);
  }
  return element;
}

/**
 * Reads the form the way the API will see it: trimmed strings, hours as a number (`1:30`, `1h30`
 * and `1,5` are all 1.5), empty notes left out.
 */
export function readActivity(form: HTMLFormElement): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of FIELDS) {
    const raw = control(form, name).value.trim();
    if (name === 'notes' && raw === '') continue;
    values[name] = name === 'hours' ? (parseHoursText(raw) ?? raw) : raw;
  }
  return values;
}

/** The same checks the API makes (its compiled JSON schema and its rules), so errors show before sending. */
export function activityFormProblems(values: Record<string, unknown>): FieldProblem[] {
  if (!validateActivityInput(values)) {
    return fieldProblems((validateActivityInput.errors ?? []) as AjvError[]);
  }
  return activityProblems(values as ActivityInput, new Date());
}

const MESSAGES: Partial<Record<string, string>> = {
  'is required': 'Please fill this in.',
  'must not be empty': 'Please fill this in.',
  'must be number': 'Enter a number of hours, like 1.5.',
  'must be > 0': 'Hours must be more than 0.',
  'must be <= 24': 'Hours can be at most 24.',
  'must have at most two decimals': 'Use at most two decimals, like 1.25.',
};

/** A field problem worded for a person; the API's wording is the fallback. */
export function describeProblem(problem: FieldProblem): string {
  return (
    MESSAGES[problem.problem] ?? `${problem.field.charAt(0).toUpperCase()}${problem.field.slice(1)} ${problem.problem}.`
  );
}

/** Shows problems next to their fields (and clears the others); returns the first invalid control. */
export function showProblems(form: HTMLFormElement, problems: FieldProblem[]): HTMLElement | undefined {
  let first: HTMLElement | undefined;
  for (const name of FIELDS) {
    const input = control(form, name);
    const message = form.querySelector<HTMLElement>(`[data-error-for="${name}"]`);
    const problem = problems.find((entry) => entry.field === name);
    input.setAttribute('aria-invalid', String(problem !== undefined));
    if (message) message.textContent = problem ? describeProblem(problem) : '';
    if (problem && !first) first = input;
  }
  return first;
}

/** Fills the form's fields from a record. */
export function fillForm(form: HTMLFormElement, values: Partial<Record<FieldName, string | number>>): void {
  for (const name of FIELDS) control(form, name).value = values[name] === undefined ? '' : String(values[name]);
}

/** Validates one field as the person leaves it, without shouting about fields not reached yet. */
export function validateOnBlur(form: HTMLFormElement): void {
  form.addEventListener('focusout', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) || target.value === '') return;
    const problems = activityFormProblems(readActivity(form)).filter((problem) => problem.field === target.name);
    const message = form.querySelector<HTMLElement>(`[data-error-for="${target.name}"]`);
    target.setAttribute('aria-invalid', String(problems.length > 0));
    if (message) message.textContent = problems[0] ? describeProblem(problems[0]) : '';
  });
}
