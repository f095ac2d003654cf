import { httpHandler } from '@shared/http/http-handler';
import { deleteActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-id-event';
import { store } from '../store';
import { activityId } from './path';

export const handler = httpHandler(
  async (event) => {
    await deleteActivity(store, activityId(event));
    return { statusCode: 204 };
  },
  { validate },
);
