import type { ActivityInput } from '@shared/activities/activity.schema';
import { type HttpEvent, httpHandler, json } from '@shared/http/http-handler';
import { replaceActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-update-event';
import { MAX_BODY_BYTES } from '../limits';
import { store, weekStore } from '../store';
import { activityId } from './path';

export const handler = httpHandler<ActivityInput>(
  async (event: HttpEvent<ActivityInput>) =>
    json(200, await replaceActivity(store, activityId(event), event.body, new Date(), weekStore)),
  { jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
