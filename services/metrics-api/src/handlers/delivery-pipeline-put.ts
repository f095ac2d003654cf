import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json } from '@shared/http/http-handler';
import { putPipelineSetting } from '../delivery/delivery-service';
import validate from '../delivery/generated/pipeline-setting-event';
import { MAX_BODY_BYTES } from '../limits';
import { deliveryDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const deps = deliveryDeps();

/** PUT /delivery/pipelines/{pipeline} (managers): the pipeline's project, production flag and deploy stage. */
export const handler = httpHandler(
  async (event) =>
    json(200, await putPipelineSetting(deps, callerOf(event), event.pathParameters.pipeline, event.body, new Date())),
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
