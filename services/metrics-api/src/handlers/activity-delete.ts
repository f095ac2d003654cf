import { callerOf } from '@shared/auth/caller-of';
import { httpHandler } from '@shared/http/http-handler';
import { deleteActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-id-event';
import { store, weekStore } from '../wiring';
import { API_ERRORS } from './api-handler';
import { activityId } from './path';

export const handler = httpHandler(
  async (event) => {
    await deleteActivity(store, callerOf(event), activityId(event), weekStore);
    return { statusCode: 204 };
  },
  { ...API_ERRORS, validate },
);
