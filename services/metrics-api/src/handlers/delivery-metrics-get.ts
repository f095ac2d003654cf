import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import { readMetrics } from '../delivery/delivery-service';
import validate from '../delivery/generated/delivery-metrics-event';
import { deliveryDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const deps = deliveryDeps();

/** GET /delivery/metrics?from&to&pipeline: the four keys with their bands and weekly trend. */
export const handler = httpHandler(
  async (event) => json(200, await readMetrics(deps, callerOf(event), validatedQuery(event), new Date())),
  { ...API_ERRORS, validate },
);
