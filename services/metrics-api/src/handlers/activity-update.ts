import type { ActivityInput } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { type HttpEvent, json } from '@shared/http/http-handler';
import { replaceActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-update-event';
import { MAX_BODY_BYTES } from '../limits';
import { store } from '../store';
import { apiHandler } from './api-handler';
import { activityId } from './path';

export const handler = apiHandler<ActivityInput>(
  async (event: HttpEvent<ActivityInput>) =>
    json(200, await replaceActivity(store, callerOf(event), activityId(event), event.body, new Date())),
  { jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
