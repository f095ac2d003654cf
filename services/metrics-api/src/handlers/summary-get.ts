import type { SummaryQuery } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { json, validatedQuery } from '@shared/http/http-handler';
import { summarise } from '../activities/activity-service';
import validate from '../activities/generated/summary-event';
import { store } from '../store';
import { apiHandler } from './api-handler';

export const handler = apiHandler(
  async (event) => json(200, await summarise(store, callerOf(event), validatedQuery<SummaryQuery>(event))),
  { validate },
);
