import { httpHandler } from '@shared/http/http-handler';
import { deleteActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-id-event';
import { store, weekStore } from '../store';
import { activityId } from './path';

export const handler = httpHandler(
  async (event) => {
    await deleteActivity(store, activityId(event), weekStore);
    return { statusCode: 204 };
  },
  { validate },
);
