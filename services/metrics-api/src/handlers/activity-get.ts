import { callerOf } from '@shared/auth/caller-of';
import { json } from '@shared/http/http-handler';
import { getActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-id-event';
import { store } from '../store';
import { apiHandler } from './api-handler';
import { activityId } from './path';

export const handler = apiHandler(
  async (event) => json(200, await getActivity(store, callerOf(event), activityId(event))),
  {
    validate,
  },
);
