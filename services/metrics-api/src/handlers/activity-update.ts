import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { replaceActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-update-event';
import { config } from '../config';
import { MAX_BODY_BYTES } from '../limits';
import { catalogueStore, store, weekStore } from '../wiring';
import { API_ERRORS } from './api-handler';
import { activityId } from './path';

export const handler = httpHandler(
  async (event) =>
    json(
      200,
      await replaceActivity(store, callerOf(event), activityId(event), event.body, {
        now: new Date(),
        daysAhead: config.plannedDaysAhead,
        weeks: weekStore,
        catalogue: catalogueStore,
      }),
    ),
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
