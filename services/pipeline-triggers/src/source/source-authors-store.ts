import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Kept this long after the push: longer than any release takes from push to production. */
const RETENTION_SECONDS = 180 * 24 * 3600;

/** Who wrote and pushed the commits of one push, under the commit the branch then pointed at. */
export interface PushAuthors {
  commitId: string;
  /** Emails and `github:<login>`, lowercase: authors and committers of the push's commits, and the pusher. */
  identities: string[];
}

/** The push authors GitHub deliveries leave for the two-person rule; DynamoDB in production. */
export interface SourceAuthorsStore {
  record(authors: PushAuthors, now: Date): Promise<void>;
  find(commitId: string): Promise<PushAuthors | undefined>;
}

export function dynamoSourceAuthors(client: DynamoDBDocumentClient, table: string): SourceAuthorsStore {
  return {
    async record(authors, now) {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...authors,
            recordedAt: now.toISOString(),
            ttl: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
          },
        }),
      );
    },
    async find(commitId) {
      const { Item } = await client.send(new GetCommand({ TableName: table, Key: { commitId }, ConsistentRead: true }));
      if (!Item || !Array.isArray(Item.identities)) return undefined;
      return { commitId, identities: Item.identities.filter((entry): entry is string => typeof entry === 'string') };
    },
  };
}
