/**
 * How a maintenance script (assign-owners, import-catalogue) changes records outside the API: the
 * API's way, one transaction holding the record's change and the maintained totals it moves, on the
 * condition that the record is still as read — so the summary and the team view are right at once,
 * and a write through the API meanwhile is never subtracted twice.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmoved } from '../services/metrics-api/src/activities/activity-store';
import { COUNTED_FIELDS, type Counted, totalsDelta } from '../services/metrics-api/src/totals/totals';
import { totalUpdate } from '../services/metrics-api/src/totals/totals-store';
import { transactWrite } from '../services/metrics-api/src/weeks/week-gate';

/** A record as such a script reads it: its id, its sort key (its date) and every field its totals are kept by. */
export type CountedRecord = Counted & { id: string; sortKey: string };

const READ = ['id', 'sortKey', ...COUNTED_FIELDS];

/** The Query options that read {@link CountedRecord}s (`project` and others are reserved words). */
export const COUNTED_PROJECTION = {
  ProjectionExpression: READ.map((field) => `#${field}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(READ.map((field) => [`#${field}`, field])),
};

/** The counted fields of a record read with {@link COUNTED_PROJECTION}. */
export function countedOf(record: CountedRecord): Counted {
  return Object.fromEntries(
    COUNTED_FIELDS.flatMap((field) => (record[field] === undefined ? [] : [[field, record[field]]])),
  ) as Counted;
}

/**
 * Changes the counted fields `changes` names of one record as read, with the totals rows it moves,
 * in one transaction, on the API's condition that the record is still as read ({@link unmoved}).
 * False when the record is gone or has changed meanwhile (nothing written).
 */
export async function changeCounted(
  client: DynamoDBDocumentClient,
  tables: { activities: string; totals: string },
  record: CountedRecord,
  changes: Partial<Counted>,
): Promise<boolean> {
  const before = countedOf(record);
  const after: Counted = { ...before, ...changes };
  const still = unmoved(record);
  const names: Record<string, string> = { ...still.ExpressionAttributeNames };
  const values: Record<string, unknown> = { ...still.ExpressionAttributeValues };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const field of COUNTED_FIELDS) {
    const next = after[field];
    if (next === before[field]) continue;
    names[`#${field}`] = field;
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
        Key: { id: record.id },
        UpdateExpression: update,
        ConditionExpression: still.ConditionExpression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...totalsDelta(before, after).map((row) => totalUpdate(tables.totals, row)),
  ]);
  return failed.length === 0;
}
