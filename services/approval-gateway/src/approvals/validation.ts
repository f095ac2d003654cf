import type { CompiledValidator } from '@shared/http/http-handler';

interface ValidatorError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** One line per problem a compiled validator found, e.g. `/approval/token must match pattern "…"`. */
export function validationProblems(validate: CompiledValidator): string[] {
  const errors = Array.isArray(validate.errors) ? (validate.errors as ValidatorError[]) : [];
  return errors.map((error) => {
    const missing = error.params?.missingProperty;
    const path = `${error.instancePath ?? ''}${typeof missing === 'string' ? `/${missing}` : ''}` || '/';
    return `${path} ${error.message ?? 'is invalid'}`;
  });
}

/** The fields of a compiled validator's errors, e.g. `comment` for `/comment` (first segment only). */
export function invalidFields(validate: CompiledValidator): string[] {
  const errors = Array.isArray(validate.errors) ? (validate.errors as ValidatorError[]) : [];
  const fields = errors.map((error) => {
    const extra = error.params?.missingProperty ?? error.params?.additionalProperty;
    const segment = (error.instancePath ?? '').split('/')[1];
    return segment || (typeof extra === 'string' ? extra : 'form');
  });
  return [...new Set(fields)];
}
