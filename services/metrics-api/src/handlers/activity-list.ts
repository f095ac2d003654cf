import type { ListQuery } from '@shared/activities/activity.schema';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import { listActivities } from '../activities/activity-service';
import validate from '../activities/generated/activity-list-event';
import { store } from '../store';

export const handler = httpHandler(
  async (event) => {
    const { limit, cursor, ...filter } = validatedQuery<ListQuery>(event);
    return json(200, await listActivities(store, filter, { limit, cursor }));
  },
  { validate },
);
