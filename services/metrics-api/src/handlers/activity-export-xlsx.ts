import type { ActivityFilter } from '@shared/activities/activity.schema';
import { callerOf } from '@shared/auth/caller-of';
import { httpHandler, validatedQuery } from '@shared/http/http-handler';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { exportRecords } from '../activities/activity-service';
import { exportFileName } from '../activities/export-file';
import validate from '../activities/generated/activity-export-xlsx-event';
import { activitySheet } from '../activities/xlsx';
import { catalogueStore, store } from '../wiring';
import { API_ERRORS } from './api-handler';

const COLUMN_WIDTHS = [12, 22, 20, 20, 24, 8, 40, 20].map((width) => ({ width }));

/** The filter's records as an XLSX workbook (binary, so base64 through API Gateway). */
export const handler = httpHandler(
  async (event) => {
    const filter = validatedQuery<ActivityFilter>(event);
    const { records, truncated } = await exportRecords(store, callerOf(event), filter, catalogueStore);
    const sheet = activitySheet(records) as SheetData;
    const buffer = await writeExcelFile(sheet, { sheet: 'Activities', columns: COLUMN_WIDTHS }).toBuffer();
    return {
      statusCode: 200,
      isBase64Encoded: true,
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${exportFileName(filter, 'xlsx')}"`,
        'X-Row-Count': String(records.length),
        'X-Export-Truncated': String(truncated),
      },
      body: buffer.toString('base64'),
    };
  },
  { ...API_ERRORS, validate },
);
