/**
 * SDK-minimal twin of an API write (activityCreate's request): parse, one DynamoDB PutItem, answer;
 * no Middy, Powertools, validation or error handling. Its cold start is the floor of an API write
 * with the bundled SDK (credentials from the environment, as every Runway client).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ credentials: fromEnv() }));

export const handler = async (event: { body?: string }) => {
  const item = { ...JSON.parse(event.body ?? '{}'), id: randomUUID() };
  await client.send(new PutCommand({ TableName: process.env.ACTIVITIES_TABLE, Item: item }));
  return { statusCode: 201, body: JSON.stringify(item) };
};
