import type { HttpEvent } from '@shared/http/http-handler';
import { requireWeekId, type WeekId } from '../weeks/iso-week';

/** The `{week}` path parameter, a real ISO week (400 naming `week` otherwise). */
export function weekParam(event: HttpEvent<unknown>): WeekId {
  return requireWeekId(event.pathParameters?.week);
}
