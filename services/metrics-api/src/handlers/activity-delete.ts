import { callerOf } from '@shared/auth/caller-of';
import { deleteActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-id-event';
import { store } from '../store';
import { apiHandler } from './api-handler';
import { activityId } from './path';

export const handler = apiHandler(
  async (event) => {
    await deleteActivity(store, callerOf(event), activityId(event));
    return { statusCode: 204 };
  },
  { validate },
);
