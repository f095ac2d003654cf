import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { markFailure } from '../delivery/delivery-service';
import validateMark from '../delivery/generated/failure-mark-event';
import { MAX_BODY_BYTES } from '../limits';
import { deliveryDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const deps = deliveryDeps();

/** PUT /delivery/releases/{executionId}/failure (managers): the deployment caused a failure, with a note. */
export const handler = httpHandler(
  async (event) =>
    json(200, await markFailure(deps, callerOf(event), event.pathParameters.executionId, event.body, new Date())),
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate: validateMark },
);
