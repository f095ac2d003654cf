import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { listPipelines } from '../delivery/delivery-service';
import { deliveryDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const deps = deliveryDeps();

/** GET /delivery/pipelines: the pipeline settings the caller may see (managers: and pipelines without one). */
export const handler = httpHandler(async (event) => json(200, await listPipelines(deps, callerOf(event), new Date())), {
  ...API_ERRORS,
});
