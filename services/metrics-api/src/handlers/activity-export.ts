import type { ExportQuery } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, validatedQuery } from '@shared/http/http-handler';
import { exportCsvPart } from '../activities/activity-export';
import { exportFileName } from '../activities/export-file';
import validate from '../activities/generated/activity-export-event';
import { catalogueStore, store, totalsReader } from '../wiring';
import { API_ERRORS } from './api-handler';

/**
 * One part of the CSV export: X-Row-Count rows in it, X-Rows-Remaining after it, and while more
 * remain X-Next-Cursor, the `cursor` of the next part (docs/metrics-api.md, Exports).
 */
export const handler = httpHandler(
  async (event) => {
    const query = validatedQuery<ExportQuery>(event);
    const part = await exportCsvPart(store, callerOf(event), query, catalogueStore, totalsReader);
    const { cursor: _cursor, ...filter } = query;
    return {
      statusCode: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${exportFileName(filter, 'csv')}"`,
        'X-Row-Count': String(part.rows),
        'X-Rows-Remaining': String(part.remaining),
        'X-Export-Truncated': String(part.nextCursor !== null),
        ...(part.nextCursor === null ? {} : { 'X-Next-Cursor': part.nextCursor }),
      },
      body: part.csv,
    };
  },
  { ...API_ERRORS, validate },
);
