/**
 * Experiment: the least a Node function can do for POST /activities with the bundled
 * AWS SDK v3 — parse, one PutItem, answer — with no Middy, Powertools, validation or
 * error handling. Its cold start is the lower bound of any SDK-based handler here.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { body?: string }) => {
  const item = { ...JSON.parse(event.body ?? '{}'), id: randomUUID() };
  await client.send(new PutCommand({ TableName: process.env.ACTIVITIES_TABLE, Item: item }));
  return { statusCode: 201, body: JSON.stringify(item) };
};
