import { httpHandler, json } from '@shared/http/http-handler';
import { getActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-id-event';
import { store } from '../store';
import { activityId } from './path';

export const handler = httpHandler(async (event) => json(200, await getActivity(store, activityId(event))), {
  validate,
});
