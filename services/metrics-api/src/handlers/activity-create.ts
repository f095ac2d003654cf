import type { ActivityInput } from '@shared/activities/activity.schema';
import { type HttpEvent, httpHandler, json } from '@shared/http/http-handler';
import { createActivity } from '../activities/activity-service';
import validate from '../activities/generated/activity-create-event';
import { parseIdempotencyKey } from '../activities/idempotency';
import { MAX_BODY_BYTES } from '../limits';
import { store, weekStore } from '../store';
import { signedInCaller } from './signed-in';

export const handler = httpHandler<ActivityInput>(
  async (event: HttpEvent<ActivityInput>) => {
    const idempotencyKey = parseIdempotencyKey(event.headers['idempotency-key']);
    const result = await createActivity(store, event.body, {
      now: new Date(),
      idempotencyKey,
      ownerId: signedInCaller(event)?.id,
      weeks: weekStore,
    });
    return json(result.created ? 201 : 200, result.activity, { Location: `/activities/${result.activity.id}` });
  },
  { jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
