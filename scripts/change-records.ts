/**
 * How a maintenance script (assign-owners, import-catalogue) changes records outside the API: the
 * API's way, one transaction holding the record's change and the maintained totals it moves, on the
 * condition that the record is still as read — so the summary and the team view are right at once,
 * and a write through the API meanwhile is never subtracted twice.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { COUNTED_FIELDS, type Counted, totalsDelta } from '../services/metrics-api/src/totals/totals';
import { totalUpdate } from '../services/metrics-api/src/totals/totals-store';
import { transactWrite } from '../services/metrics-api/src/weeks/week-gate';

/** A record as such a script reads it: its id and every field its totals are kept by. */
export type CountedRecord = Counted & { id: string };

/** The Query options that read {@link CountedRecord}s (`project` and others are reserved words). */
export const COUNTED_PROJECTION = {
  ProjectionExpression: ['id', ...COUNTED_FIELDS].map((field) => `#${field}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(['id', ...COUNTED_FIELDS].map((field) => [`#${field}`, field])),
};

/** The counted fields of a record read with {@link COUNTED_PROJECTION}. */
export function countedOf(record: CountedRecord): Counted {
  return Object.fromEntries(
    COUNTED_FIELDS.flatMap((field) => (record[field] === undefined ? [] : [[field, record[field]]])),
  ) as Counted;
}

/**
 * Changes one record from `before` (as read) to `after` with the totals rows it moves, in one
 * transaction. False when the record is gone or no longer as read (nothing written).
 */
export async function changeCounted(
  client: DynamoDBDocumentClient,
  tables: { activities: string; totals: string },
  id: string,
  before: Counted,
  after: Counted,
): Promise<boolean> {
  const names: Record<string, string> = { '#id': 'id' };
  const values: Record<string, unknown> = {};
  const conditions = ['attribute_exists(#id)'];
  const sets: string[] = [];
  const removes: string[] = [];
  for (const field of COUNTED_FIELDS) {
    names[`#${field}`] = field;
    const was = before[field];
    if (was === undefined) conditions.push(`attribute_not_exists(#${field})`);
    else {
      values[`:was_${field}`] = was;
      conditions.push(`#${field} = :was_${field}`);
    }
    const next = after[field];
    if (next === was) continue;
    if (next === undefined) removes.push(`#${field}`);
    else {
      values[`:new_${field}`] = next;
      sets.push(`#${field} = :new_${field}`);
    }
  }
  const update = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (update === '') return true;
  const failed = await transactWrite(client, [
    {
      Update: {
        TableName: tables.activities,
        Key: { id },
        UpdateExpression: update,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
      },
    },
    ...totalsDelta(before, after).map((row) => totalUpdate(tables.totals, row)),
  ]);
  return failed.length === 0;
}
