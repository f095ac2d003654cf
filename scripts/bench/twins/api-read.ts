/**
 * SDK-minimal twin of an API read (activityGet's request): one DynamoDB GetItem of the record the
 * path names, answered as JSON; no Middy, Powertools, sign-in or validation.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ credentials: fromEnv() }));

export const handler = async (event: { pathParameters?: { id?: string } }) => {
  const key = { id: event.pathParameters?.id ?? '' };
  const { Item } = await client.send(new GetCommand({ TableName: process.env.ACTIVITIES_TABLE, Key: key }));
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? {}) };
};
