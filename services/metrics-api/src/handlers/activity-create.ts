import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { createActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-create-event';
import { parseIdempotencyKey } from '../activities/idempotency';
import { config } from '../config';
import { MAX_BODY_BYTES } from '../limits';
import { catalogueStore, store, weekStore } from '../wiring';
import { API_ERRORS } from './api-handler';

export const handler = httpHandler(
  async (event) => {
    const idempotencyKey = parseIdempotencyKey(event.headers['idempotency-key']);
    const result = await createActivity(store, callerOf(event), event.body, {
      now: new Date(),
      daysAhead: config.plannedDaysAhead,
      idempotencyKey,
      weeks: weekStore,
      catalogue: catalogueStore,
    });
    return json(result.created ? 201 : 200, result.activity, { Location: `/activities/${result.activity.id}` });
  },
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
