import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { markFailure } from '../delivery/delivery-service';
import validate from '../delivery/generated/failure-unmark-event';
import { deliveryDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const deps = deliveryDeps();

/** DELETE /delivery/releases/{executionId}/failure (managers): takes a failure mark back. */
export const handler = httpHandler(
  async (event) =>
    json(200, await markFailure(deps, callerOf(event), event.pathParameters.executionId, undefined, new Date())),
  { ...API_ERRORS, validate },
);
