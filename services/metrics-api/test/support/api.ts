import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export function apiUrl(path: string): string {
  const base = process.env.RUNWAY_METRICS_API_URL;
  if (!base) throw new Error('RUNWAY_METRICS_API_URL is not set: run integration tests through jest (global setup)');
  return `${base}${path}`;
}

/** One HTTP call to the local metrics API. */
export async function api<T = unknown>(path: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const response = await fetch(apiUrl(path), init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

export function postJson<T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}) {
  return api<T>(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function putJson<T = unknown>(path: string, body: unknown) {
  return api<T>(path, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** A name no other test uses, so tests sharing one table do not see each other's records. */
export function unique(label: string): string {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

export interface StoredActivity {
  id: string;
  engineer: string;
  customer: string;
  project: string;
  activity: string;
  date: string;
  hours: number;
  notes?: string;
  createdAt: string;
  updatedAt: string;
}

const table = () => `runway-metrics-api-${process.env.RUNWAY_STAGE ?? 'test'}-activities`;

let documentClient: DynamoDBDocumentClient | undefined;
function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: process.env.RUNWAY_DYNAMODB_URL,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  return documentClient;
}

/** Items stored for one engineer, read straight from DynamoDB (not through the API). */
export async function storedForEngineer(engineer: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'byEngineer',
        KeyConditionExpression: 'engineer = :engineer',
        ExpressionAttributeValues: { ':engineer': engineer },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export function closeDynamo(): void {
  documentClient?.destroy();
  documentClient = undefined;
}
