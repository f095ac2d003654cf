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

async function writeAll(client: DynamoDBDocumentClient, table: string, items: object[], concurrency: number) {
  const batches: object[][] = [];
  for (let start = 0; start < items.length; start += BATCH) batches.push(items.slice(start, start + BATCH));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next];
      next += 1;
      let requests = (batch ?? []).map((Item) => ({ PutRequest: { Item } }));
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
  await writeAll(client, tables.activities, [...records], concurrency);
  await writeAll(client, tables.totals, [...totalsOf(records).values()], concurrency);
}
