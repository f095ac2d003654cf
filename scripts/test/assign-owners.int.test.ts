import { randomUUID } from 'node:crypto';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Counted, type TotalRow, totalsOf } from '../../services/metrics-api/src/totals/totals';
import { newManager, signedInAs, testPerson, unique } from '../../services/metrics-api/test/support/api';
import { applyPlan, legacyRecords, planOwners } from '../assign-owners';
import { startAwsStandin } from '../aws-standin/server';
import { metricsApiTables } from '../metrics-api-tables';
import { testTables, totalsDifferences } from './support/totals-check';

const tables = testTables();
const table = tables.activities;
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: process.env.RUNWAY_DYNAMODB_URL,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
);
const customer = unique('Legacy Corp');

/** A record as the API stored it before sign-in: a display name, no engineerId. */
async function legacyRecord(engineer: string): Promise<Counted & { id: string }> {
  const id = randomUUID();
  const createdAt = '2025-01-02T03:04:05.000Z';
  const item = {
    id,
    kind: 'activity',
    sortKey: `2025-01-02#${createdAt}#${id}`,
    engineer,
    customer,
    project: 'Before sign-in',
    activity: 'Old work',
    date: '2025-01-02',
    hours: 1,
    createdAt,
    updatedAt: createdAt,
  };
  await client.send(new PutCommand({ TableName: table, Item: item }));
  return item;
}

/** The totals of records from before sign-in, as `rebuild-totals --apply` left them after the totals came. */
async function rebuiltTotals(records: Counted[]): Promise<void> {
  for (const row of totalsOf(records).values())
    await client.send(new PutCommand({ TableName: tables.totals, Item: row }));
}

afterAll(() => client.destroy());

describe('assigning owners to records from before sign-in', () => {
  it('changes nothing on a dry run, then gives matching records to their engineer, who can then read them', async () => {
    const person = testPerson(unique('Legacy Engineer'));
    const engineer = signedInAs(person);
    const nobody = unique('Left Engineer');
    const records = [await legacyRecord(person.name), await legacyRecord(nobody)];
    await rebuiltTotals(records);
    const [matching, unmatched] = records.map((record) => record.id);
    // Until it has an owner, only managers see a record from before sign-in.
    expect((await engineer.api(`/activities/${matching}`)).status).toBe(403);
    expect((await newManager().api(`/activities/${matching}`)).status).toBe(200);

    const plan = planOwners(await legacyRecords(client, table), [{ id: person.id, name: person.name }]);

    expect(plan.assign.map(({ record }) => record.id)).toEqual([matching]);
    expect(plan.unmatched).toContainEqual({ engineer: nobody, records: 1 });
    const untouched = await client.send(new GetCommand({ TableName: table, Key: { id: matching } }));
    expect(untouched.Item?.engineerId).toBeUndefined();

    expect(await applyPlan(client, tables, plan)).toBe(1);
    expect(await applyPlan(client, tables, plan)).toBe(0);
    // The owner moved the record's totals with it, in the same transaction: no rebuild needed.
    const ofTheseRecords = (row: TotalRow) =>
      row.customer === customer || [person.name, nobody].includes(row.engineer ?? '');
    expect(await totalsDifferences(client, tables, [matching ?? '', unmatched ?? ''], ofTheseRecords)).toEqual([]);

    const read = await engineer.api<{ engineerId: string; engineer: string }>(`/activities/${matching}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ engineerId: person.id, engineer: person.name });
    const left = await client.send(new GetCommand({ TableName: table, Key: { id: unmatched } }));
    expect(left.Item?.engineerId).toBeUndefined();
  });
});

describe('which table a stage means', () => {
  it("reads a deployed stage's table from metrics-api's outputs: prod's is named by CloudFormation, not by the convention", async () => {
    const standin = await startAwsStandin();
    const endpointBefore = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = standin.url;
    try {
      // What the packaged prod template holds (shared/serverless/table-names.js): no TableName, the name an output.
      const cloudFormation = new CloudFormationClient({ region: 'us-east-1' });
      await cloudFormation.send(
        new CreateStackCommand({
          StackName: 'runway-metrics-api-prod',
          TemplateBody: JSON.stringify({
            Resources: {
              ActivitiesTable: {
                Type: 'AWS::DynamoDB::Table',
                DeletionPolicy: 'Retain',
                Properties: {
                  TableName: { Ref: 'AWS::NoValue' },
                  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
                  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
                  BillingMode: 'PAY_PER_REQUEST',
                },
              },
            },
            Outputs: { ActivitiesTableName: { Value: { Ref: 'ActivitiesTable' } } },
          }),
        }),
      );
      cloudFormation.destroy();

      const prod = { stage: 'prod', region: 'us-east-1', local: false };
      const { activities } = await metricsApiTables(['activities'], prod);

      expect(activities).toMatch(/^runway-metrics-api-prod-ActivitiesTable-/);
      await expect(metricsApiTables(['activities', 'totals'], prod)).rejects.toThrow(
        'runway-metrics-api-prod (us-east-1) has no TotalsTableName output: deploy it, or name the tables with --activities-table --totals-table',
      );
      await expect(metricsApiTables(['activities'], { ...prod, stage: 'qa' })).rejects.toThrow(
        'runway-metrics-api-qa (us-east-1) has no ActivitiesTableName output',
      );
      expect(await metricsApiTables(['activities'], { ...prod, 'activities-table': 'chosen' })).toEqual({
        activities: 'chosen',
      });
      // The local stack's tables, whatever --stage says: `npm start` runs one stage.
      const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
      try {
        expect(await metricsApiTables(['activities', 'catalogue'], { ...prod, local: true })).toEqual({
          activities: 'runway-metrics-api-local-activities',
          catalogue: 'runway-metrics-api-local-catalogue',
        });
      } finally {
        if (endpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
        else process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
      }
    } finally {
      if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = endpointBefore;
      await standin.close();
    }
  });
});
