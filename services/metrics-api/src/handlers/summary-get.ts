import type { SummaryQuery } from '@shared/activities/activity.schema';
import { httpHandler, json, validatedQuery } from '@shared/http/http-handler';
import { summarise } from '../activities/activity-service';
import validate from '../activities/generated/summary-event';
import { store } from '../store';

export const handler = httpHandler(
  async (event) => json(200, await summarise(store, validatedQuery<SummaryQuery>(event))),
  { validate },
);
