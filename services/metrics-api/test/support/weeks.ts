import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { totalsDelta } from '../../src/totals/totals';
import { totalUpdate } from '../../src/totals/totals-store';

const stage = () => process.env.RUNWAY_STAGE ?? 'test';
export const activitiesTable = () => `runway-metrics-api-${stage()}-activities`;
export const weeksTable = () => `runway-metrics-api-${stage()}-weeks`;
export const catalogueTable = () => `runway-metrics-api-${stage()}-catalogue`;
export const totalsTable = () => `runway-metrics-api-${stage()}-totals`;

let client: DynamoDBDocumentClient | undefined;

/** A document client on the integration stack's dynalite. */
export function localDynamo(): DynamoDBDocumentClient {
  const endpoint = process.env.RUNWAY_DYNAMODB_URL;
  if (!endpoint) throw new Error('RUNWAY_DYNAMODB_URL is not set: run integration tests through jest (global setup)');
  client ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return client;
}

export function closeLocalDynamo(): void {
  client?.destroy();
  client = undefined;
}

/** An engineer id no other test uses, so tests sharing the tables stay apart. */
export function freshId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/**
 * Stores an owned activity record the way the activity API does (same item shape and sort key,
 * its totals in the same transaction), without the week's gate.
 */
export async function putOwnedActivity(engineerId: string, fields: { date: string; hours: number; project?: string }) {
  const id = randomUUID();
  const createdAt = new Date().toISOString();
  const item = {
    id,
    kind: 'activity',
    engineerId,
    engineer: `Engineer ${engineerId}`,
    customer: 'Acme Corp',
    project: fields.project ?? 'Data platform',
    activity: 'Build',
    date: fields.date,
    hours: fields.hours,
    createdAt,
    updatedAt: createdAt,
    sortKey: `${fields.date}#${createdAt}#${id}`,
  };
  await localDynamo().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: activitiesTable(), Item: item } },
        ...totalsDelta(undefined, item).map((row) => totalUpdate(totalsTable(), row)),
      ],
    }),
  );
  return id;
}
