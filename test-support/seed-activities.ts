import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ActivityItem, toItem } from '../services/metrics-api/src/activities/activity';
import { totalsOf } from '../services/metrics-api/src/totals/totals';

/** The tables seeded records go to: the records' and their maintained totals'. */
export interface SeedTables {
  activities: string;
  totals: string;
}

/** A record as the API stores it (item shape, sort key), from the fields a test cares about. */
export function seededRecord(
  fields: Pick<ActivityItem, 'engineer' | 'customer' | 'project' | 'date' | 'hours'> & Partial<ActivityItem>,
): ActivityItem {
  const stamp = fields.createdAt ?? new Date().toISOString();
  return toItem({ id: randomUUID(), activity: 'Seeded', createdAt: stamp, updatedAt: stamp, ...fields });
}

const BATCH = 25;

type WriteRequest = { PutRequest: { Item: object } } | { DeleteRequest: { Key: object } };

async function writeAll(client: DynamoDBDocumentClient, table: string, all: WriteRequest[], concurrency: number) {
  const batches: WriteRequest[][] = [];
  for (let start = 0; start < all.length; start += BATCH) batches.push(all.slice(start, start + BATCH));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next];
      next += 1;
      let requests = batch ?? [];
      while (requests.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Stores records straight into DynamoDB with BatchWriteItem (no API, no transaction: fast enough
 * for tens of thousands), and the totals rows they add up to. The rows are put, not added to:
 * seed only records whose customer and engineer no other record carries.
 */
export async function seedActivities(
  client: DynamoDBDocumentClient,
  tables: SeedTables,
  records: readonly ActivityItem[],
  concurrency = 8,
): Promise<void> {
  const put = (Item: object) => ({ PutRequest: { Item } });
  await writeAll(client, tables.activities, records.map(put), concurrency);
  await writeAll(client, tables.totals, [...totalsOf(records).values()].map(put), concurrency);
}

/**
 * Deletes what seedActivities stored (the records and their totals rows), so that tests sharing
 * the tables after it do not read through tens of thousands of records that are not theirs.
 */
export async function removeSeeded(
  client: DynamoDBDocumentClient,
  tables: SeedTables,
  records: readonly ActivityItem[],
  concurrency = 8,
): Promise<void> {
  const remove = (Key: object) => ({ DeleteRequest: { Key } });
  await writeAll(
    client,
    tables.activities,
    records.map(({ id }) => remove({ id })),
    concurrency,
  );
  const rows = [...totalsOf(records).values()];
  await writeAll(
    client,
    tables.totals,
    rows.map(({ pk, sk }) => remove({ pk, sk })),
    concurrency,
  );
}
