import { fieldError } from '@shared/errors';
import type { HttpEvent } from '@shared/http/http-handler';

/** The validated `{id}` path parameter. */
export function activityId(event: HttpEvent<unknown>): string {
  const id = event.pathParameters?.id;
  if (id === undefined) throw fieldError('id', 'is required');
  return id;
}
