import type { ActivityFilter } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, validatedQuery } from '@shared/http/http-handler';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { exportPart, MAX_EXPORT_ROWS } from '../activities/activity-export';
import { exportFileName } from '../activities/export-file';
import validate from '../activities/generated/activity-export-xlsx-event';
import { activitySheet, cellTextBytes } from '../activities/xlsx';
import { catalogueStore, store, totalsReader } from '../wiring';
import { API_ERRORS } from './api-handler';

const COLUMN_WIDTHS = [12, 22, 20, 20, 24, 8, 40, 20].map((width) => ({ width }));

/**
 * The sheet's text at most: compressed it is no larger, and base64 (×4/3) keeps the response
 * well under Lambda's 6 MB. The workbook is one file (each person's records with a totals row), so
 * it does not continue by cursor: past its bounds it is cut, and says how many rows it left out.
 */
const MAX_XLSX_TEXT_BYTES = 3 * 1024 * 1024;

/** The filter's records as an XLSX workbook (binary, so base64 through API Gateway). */
export const handler = httpHandler(
  async (event) => {
    const filter = validatedQuery<ActivityFilter>(event);
    const bounds = { maxRows: MAX_EXPORT_ROWS, maxBytes: MAX_XLSX_TEXT_BYTES, sizeOf: cellTextBytes };
    const { records, nextCursor, remaining } = await exportPart(
      store,
      callerOf(event),
      filter,
      catalogueStore,
      bounds,
      totalsReader,
    );
    const sheet = activitySheet(records) as SheetData;
    const buffer = await writeExcelFile(sheet, { sheet: 'Activities', columns: COLUMN_WIDTHS }).toBuffer();
    return {
      statusCode: 200,
      isBase64Encoded: true,
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${exportFileName(filter, 'xlsx')}"`,
        'X-Row-Count': String(records.length),
        'X-Export-Truncated': String(nextCursor !== null),
        'X-Rows-Remaining': String(remaining),
      },
      body: buffer.toString('base64'),
    };
  },
  { ...API_ERRORS, validate },
);
