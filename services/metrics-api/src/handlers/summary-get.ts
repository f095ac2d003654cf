import type { SummaryQuery } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import { summarise } from '../activities/activity-service';
import validate from '../activities/generated/summary-event';
import { catalogueStore, store, totalsReader } from '../wiring';
import { API_ERRORS } from './api-handler';

export const handler = httpHandler(
  async (event) =>
    json(
      200,
      await summarise(store, callerOf(event), validatedQuery<SummaryQuery>(event), catalogueStore, totalsReader),
    ),
  { ...API_ERRORS, validate },
);
