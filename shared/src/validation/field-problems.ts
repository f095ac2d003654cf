import type { FieldProblem } from '../errors';

/** The parts of an ajv error this module reads (ajv's ErrorObject, without importing ajv). */
export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(error: AjvError, skip: number, fallback: string): string {
  const segments = error.instancePath.split('/').slice(1 + skip);
  const extra = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof extra === 'string') segments.push(extra);
  return segments.length > 0 ? segments.join('.') : fallback;
}

function problemOf(error: AjvError): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed field';
    case 'minLength':
      return error.params.limit === 1
        ? 'must not be empty'
        : `must be at least ${String(error.params.limit)} characters`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Turns ajv errors into one problem per field (the first wins). `skip` drops
 * leading path segments, e.g. 1 for `/body/hours` when validating a whole event.
 * Shared by the API's error handler and the site's form, so both word problems alike.
 */
export function fieldProblems(errors: readonly AjvError[], skip = 0, fallback = 'body'): FieldProblem[] {
  const byField = new Map<string, string>();
  for (const error of errors) {
    const field = fieldOf(error, skip, fallback);
    if (!byField.has(field)) byField.set(field, problemOf(error));
  }
  return [...byField].map(([field, problem]) => ({ field, problem }));
}
