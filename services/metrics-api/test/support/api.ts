import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { bearer, type TokenPerson, testPerson } from '../../../../test-support/tokens';

export { bearer, type TokenPerson, testPerson } from '../../../../test-support/tokens';

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

/** One HTTP call to the local metrics API, exactly as given (no token unless `init` has one). */
export async function rawApi<T = unknown>(path: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
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

/** The API as one signed-in person calls it: every request carries their ID token. */
export function signedInAs(person: TokenPerson) {
  const call = <T = unknown>(path: string, init: RequestInit = {}) =>
    rawApi<T>(path, { ...init, headers: { ...bearer(person), ...(init.headers as Record<string, string>) } });
  return {
    person,
    api: call,
    postJson: <T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}) =>
      call<T>(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    putJson: <T = unknown>(path: string, body: unknown) =>
      call<T>(path, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    del: (path: string) => call(path, { method: 'DELETE' }),
  };
}

export type Client = ReturnType<typeof signedInAs>;

/** A new engineer (unique id and name) and their client. */
export function newEngineer(label = 'Engineer'): Client {
  return signedInAs(testPerson(unique(label), ['engineers']));
}

/** A new manager and their client. */
export function newManager(label = 'Manager'): Client {
  return signedInAs(testPerson(unique(label), ['managers']));
}

/** A name no other test uses, so tests sharing one table do not see each other's records. */
export function unique(label: string): string {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

export interface StoredActivity {
  id: string;
  engineerId?: string;
  engineer: string;
  recordedBy?: { id: string; name: string };
  updatedBy?: { id: string; name: string };
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
