import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import { listReleases } from '../delivery/delivery-service';
import validate from '../delivery/generated/delivery-releases-event';
import { deliveryDeps } from '../wiring';
import { API_ERRORS } from './api-handler';

const deps = deliveryDeps();

/** GET /delivery/releases?from&to&pipeline&limit: releases with approvers, waits and hours between them. */
export const handler = httpHandler(
  async (event) => json(200, await listReleases(deps, callerOf(event), validatedQuery(event), new Date())),
  { ...API_ERRORS, validate },
);
