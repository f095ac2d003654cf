import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { getActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-id-event';
import { catalogueStore, store } from '../wiring';
import { API_ERRORS } from './api-handler';
import { activityId } from './path';

export const handler = httpHandler(
  async (event) => json(200, await getActivity(store, callerOf(event), activityId(event), catalogueStore)),
  { ...API_ERRORS, validate },
);
