import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { SERVERLESS_BIN, serviceDir } from '../../test-support/paths';

const run = promisify(execFile);

interface TableResource {
  Type: string;
  Properties: {
    TableName: string;
    AttributeDefinitions: AttributeDefinition[];
    KeySchema: KeySchemaElement[];
    GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
  };
}

/** The DynamoDB tables a service declares, read from its own resolved configuration. */
export async function declaredTables(service: string, stage: string): Promise<TableResource['Properties'][]> {
  const { stdout } = await run(process.execPath, [SERVERLESS_BIN, 'print', '--stage', stage, '--format', 'json'], {
    cwd: serviceDir(service),
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
  });
  const config = JSON.parse(stdout) as { resources?: { Resources?: Record<string, TableResource> } };
  return Object.values(config.resources?.Resources ?? {})
    .filter((resource) => resource.Type === 'AWS::DynamoDB::Table')
    .map((resource) => resource.Properties);
}

/** Creates every table a service declares that does not exist yet on the local endpoint. */
export async function createTables(service: string, stage: string, endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const created: string[] = [];
  for (const table of await declaredTables(service, stage)) {
    if (existing.has(table.TableName)) continue;
    await client.send(
      new CreateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: table.AttributeDefinitions,
        KeySchema: table.KeySchema,
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: table.GlobalSecondaryIndexes?.map((index) => ({
          IndexName: index.IndexName,
          KeySchema: index.KeySchema,
          Projection: index.Projection,
        })),
      }),
    );
    created.push(table.TableName);
  }
  client.destroy();
  return created;
}
