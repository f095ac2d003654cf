import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EntryItem } from '../services/metrics-api/src/catalogue/catalogue';
import { dynamoCatalogueStore } from '../services/metrics-api/src/catalogue/catalogue-store';

/**
 * The local stack's small catalogue: the customer and project of the example record `npm start`
 * prints (Acme / Migration), one more of each, and an archived project to see refused.
 */
export const SEEDED_CATALOGUE = [
  {
    customer: 'Acme',
    projects: [{ name: 'Migration' }, { name: 'Support' }, { name: 'Legacy portal', archived: true }],
  },
  { customer: 'Globex', projects: [{ name: 'Website' }] },
] as const;

/** Writes the seeded catalogue into the local stack's table; an entry already there (a restart) is kept. */
export async function seedCatalogue(endpoint: string, stage: string): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const store = dynamoCatalogueStore(client, `runway-metrics-api-${stage}-catalogue`);
  const stamp = new Date().toISOString();
  const existing = await store.entries();
  const ensure = async (type: EntryItem['type'], name: string, archived: boolean, customerId?: string) => {
    const found = existing.find(
      (entry) => entry.type === type && entry.name === name && entry.customerId === customerId,
    );
    if (found) return found.id;
    const entry: EntryItem = {
      type,
      id: randomUUID(),
      name,
      ...(customerId === undefined ? {} : { customerId }),
      archived,
      createdAt: stamp,
      updatedAt: stamp,
    };
    await store.create(entry);
    return entry.id;
  };
  for (const { customer, projects } of SEEDED_CATALOGUE) {
    const customerId = await ensure('customer', customer, false);
    for (const project of projects) await ensure('project', project.name, 'archived' in project, customerId);
  }
  client.destroy();
}
