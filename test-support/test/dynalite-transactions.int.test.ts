import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb } from '../dynamodb';
import type { RunningServer } from '../ports';

/*
 * The local stack's dynalite with TransactWriteItems (test-support/dynalite-transactions.ts),
 * on a server of its own: what the week lock relies on, checked against DynamoDB's documented
 * behaviour (all or nothing, one cancellation reason per item, one operation per item).
 */

let server: RunningServer;
let client: DynamoDBDocumentClient;
const Table = 'transactions-test';

beforeAll(async () => {
  server = await startDynamoDb({ port: 0 });
  const raw = new DynamoDBClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const { CreateTableCommand } = await import('@aws-sdk/client-dynamodb');
  await raw.send(
    new CreateTableCommand({
      TableName: Table,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client = DynamoDBDocumentClient.from(raw);
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

const get = async (id: string) => (await client.send(new GetCommand({ TableName: Table, Key: { id } }))).Item;

/** Puts `record` only while `gate` is open, and counts the write on the gate, in one transaction. */
const gatedPut = (record: string, gate: string) =>
  client.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: Table, Item: { id: record }, ConditionExpression: 'attribute_not_exists(id)' } },
        {
          Update: {
            TableName: Table,
            Key: { id: gate },
            UpdateExpression: 'ADD #writes :one',
            ConditionExpression: 'attribute_not_exists(#state) OR #state = :open',
            ExpressionAttributeNames: { '#writes': 'writes', '#state': 'state' },
            ExpressionAttributeValues: { ':one': 1, ':open': 'open' },
          },
        },
      ],
    }),
  );

test('a transaction whose conditions hold writes every item', async () => {
  await gatedPut('r1', 'g1');
  expect(await get('r1')).toEqual({ id: 'r1' });
  expect(await get('g1')).toEqual({ id: 'g1', writes: 1 });
});

test('when one condition fails nothing is written, and each item has its cancellation reason', async () => {
  await client.send(new PutCommand({ TableName: Table, Item: { id: 'g2', state: 'closed' } }));
  const failure = await gatedPut('r2', 'g2').catch((error: unknown) => error);
  expect(failure).toMatchObject({
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
  });
  expect(await get('r2')).toBeUndefined();
  expect(await get('g2')).toEqual({ id: 'g2', state: 'closed' });
});

test('two operations on one item are a ValidationException', async () => {
  const failure = await client
    .send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: Table, Item: { id: 'x' } } },
          { Delete: { TableName: Table, Key: { id: 'x' } } },
        ],
      }),
    )
    .catch((error: unknown) => error);
  expect(failure).toMatchObject({ name: 'ValidationException' });
});

test('a write racing transactions lands before or after all of them, never between a check and its write', async () => {
  const writes = Array.from({ length: 30 }, (_, index) => gatedPut(`race-${index}`, 'g3').then(() => index));
  const close = new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
    client.send(new PutCommand({ TableName: Table, Item: { id: 'g3', state: 'closed', writes: -1 } })),
  );
  const results = await Promise.allSettled([...writes, close]);
  const landed = (await Promise.all(writes.map((_, index) => get(`race-${index}`)))).filter(Boolean);
  const gate = await get('g3');
  // Every transaction that landed after the close would have counted on top of -1.
  const after = Number(gate?.writes) + 1;
  expect(results.at(-1)?.status).toBe('fulfilled');
  expect(landed.length).toBeGreaterThanOrEqual(after);
  expect(after).toBe(0);
});
