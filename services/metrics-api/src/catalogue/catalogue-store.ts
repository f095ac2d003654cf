import { type DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { nameKey } from '@shared/catalogue/name-key';
import { type TransactItem, transactWrite } from '../weeks/week-gate';
import type { EntryItem, EntryType } from './catalogue';

/** What became of a write: written, or refused because the name is taken, or the entry (or parent) is not as read. */
export type EntryWriteOutcome = 'written' | 'duplicate' | 'changed';

/** Storage of the catalogue (resources/catalogue.yml); DynamoDB in production. */
export interface CatalogueStore {
  /** Every entry, customers and projects: one Query of one partition. */
  entries(): Promise<EntryItem[]>;
  get(type: EntryType, id: string): Promise<EntryItem | undefined>;
  /** Writes a new entry and claims its name; a project only while its customer exists. */
  create(entry: EntryItem): Promise<EntryWriteOutcome>;
  /** Replaces `previous` with `next` (moving the name claim on a rename), only while it is still `previous`. */
  update(previous: EntryItem, next: EntryItem): Promise<EntryWriteOutcome>;
}

/** What activity writes and reads need: the entries, and the guard a write adds to its transaction. */
export interface CatalogueReader {
  entries(): Promise<EntryItem[]>;
}

const ENTRY = 'entry';
const NAME = 'name';

export const entryKey = (type: EntryType, id: string) => ({ pk: ENTRY, sk: `${type}#${id}` });

const claimKey = (entry: Pick<EntryItem, 'type' | 'customerId' | 'name'>) => ({
  pk: NAME,
  sk:
    entry.type === 'customer'
      ? `customer#${nameKey(entry.name)}`
      : `project#${entry.customerId}#${nameKey(entry.name)}`,
});

const claim = (table: string, entry: EntryItem): TransactItem => ({
  Put: {
    TableName: table,
    Item: { ...claimKey(entry), id: entry.id },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * The ConditionChecks an activity write adds to its own transaction: the project and its customer
 * exist and are not archived at the moment of the write (an archive between the read and the
 * write cancels the write).
 */
export function openProjectGuards(table: string, link: { customerId: string; projectId: string }): TransactItem[] {
  const check = (type: EntryType, id: string): TransactItem => ({
    ConditionCheck: {
      TableName: table,
      Key: entryKey(type, id),
      ConditionExpression: 'attribute_exists(pk) AND archived = :false',
      ExpressionAttributeValues: { ':false': false },
    },
  });
  return [check('project', link.projectId), check('customer', link.customerId)];
}

function toEntry(item: Record<string, unknown>): EntryItem {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return entry as unknown as EntryItem;
}

export function dynamoCatalogueStore(client: DynamoDBDocumentClient, table: string): CatalogueStore {
  const outcome = (failed: number[], entryIndex: number, claimIndex: number | undefined): EntryWriteOutcome => {
    if (failed.length === 0) return 'written';
    if (claimIndex !== undefined && failed.includes(claimIndex) && !failed.includes(entryIndex)) return 'duplicate';
    return 'changed';
  };
  return {
    async entries() {
      const entries: EntryItem[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: table,
          KeyConditionExpression: 'pk = :entry',
          ExpressionAttributeValues: { ':entry': ENTRY },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) entries.push(...(page.Items ?? []).map(toEntry));
      return entries;
    },
    async get(type, id) {
      const result = await client.send(
        new GetCommand({ TableName: table, Key: entryKey(type, id), ConsistentRead: true }),
      );
      return result.Item === undefined ? undefined : toEntry(result.Item);
    },
    async create(entry) {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: table,
            Item: { ...entryKey(entry.type, entry.id), ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        claim(table, entry),
      ];
      if (entry.customerId !== undefined) {
        items.push({
          ConditionCheck: {
            TableName: table,
            Key: entryKey('customer', entry.customerId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        });
      }
      return outcome(await transactWrite(client, items), 0, 1);
    },
    async update(previous, next) {
      const renamed = nameKey(previous.name) !== nameKey(next.name);
      const items: TransactItem[] = [
        {
          Put: {
            TableName: table,
            Item: { ...entryKey(next.type, next.id), ...next },
            ConditionExpression: 'updatedAt = :updatedAt',
            ExpressionAttributeValues: { ':updatedAt': previous.updatedAt },
          },
        },
      ];
      if (renamed) {
        items.push(claim(table, next), {
          Delete: {
            TableName: table,
            Key: claimKey(previous),
            ConditionExpression: 'id = :id',
            ExpressionAttributeValues: { ':id': previous.id },
          },
        });
      }
      return outcome(await transactWrite(client, items), 0, renamed ? 1 : undefined);
    },
  };
}
