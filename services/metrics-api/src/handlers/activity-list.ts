import type { ListQuery } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import { listActivities } from '../activities/activity-service';
import validate from '../activities/generated/activity-list-event';
import { catalogueStore, store } from '../wiring';
import { API_ERRORS } from './api-handler';

export const handler = httpHandler(
  async (event) => {
    const { limit, cursor, ...filter } = validatedQuery<ListQuery>(event);
    return json(200, await listActivities(store, callerOf(event), filter, { limit, cursor }, catalogueStore));
  },
  { ...API_ERRORS, validate },
);
