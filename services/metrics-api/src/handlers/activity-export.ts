import type { ActivityFilter } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, validatedQuery } from '@shared/http/http-handler';
import { exportCsv } from '../activities/activity-service';
import validate from '../activities/generated/activity-export-event';
import { catalogueStore, store } from '../wiring';
import { API_ERRORS } from './api-handler';

export const handler = httpHandler(
  async (event) => {
    const result = await exportCsv(store, callerOf(event), validatedQuery<ActivityFilter>(event), catalogueStore);
    return {
      statusCode: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="activities.csv"',
        'X-Row-Count': String(result.rows),
        'X-Export-Truncated': String(result.truncated),
      },
      body: result.csv,
    };
  },
  { ...API_ERRORS, validate },
);
