import type { ActivityFilter } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, validatedQuery } from '@shared/http/http-handler';
import { exportCsv } from '../activities/activity-service';
import { exportFileName } from '../activities/export-file';
import validate from '../activities/generated/activity-export-event';
import { catalogueStore, store } from '../wiring';
import { API_ERRORS } from './api-handler';

export const handler = httpHandler(
  async (event) => {
    const filter = validatedQuery<ActivityFilter>(event);
    const result = await exportCsv(store, callerOf(event), filter, catalogueStore);
    return {
      statusCode: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${exportFileName(filter, 'csv')}"`,
        'X-Row-Count': String(result.rows),
        'X-Export-Truncated': String(result.truncated),
      },
      body: result.csv,
    };
  },
  { ...API_ERRORS, validate },
);
