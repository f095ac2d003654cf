import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { newManager, signedInAs, testPerson, unique } from '../../services/metrics-api/test/support/api';
import { applyPlan, legacyRecords, planOwners } from '../assign-owners';

const table = `runway-metrics-api-${process.env.RUNWAY_STAGE ?? 'test'}-activities`;
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: process.env.RUNWAY_DYNAMODB_URL,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
);

/** A record as the API stored it before sign-in: a display name, no engineerId. */
async function legacyRecord(engineer: string): Promise<string> {
  const id = randomUUID();
  const createdAt = '2025-01-02T03:04:05.000Z';
  await client.send(
    new PutCommand({
      TableName: table,
      Item: {
        id,
        kind: 'activity',
        sortKey: `2025-01-02#${createdAt}#${id}`,
        engineer,
        customer: 'Legacy Corp',
        project: 'Before sign-in',
        activity: 'Old work',
        date: '2025-01-02',
        hours: 1,
        createdAt,
        updatedAt: createdAt,
      },
    }),
  );
  return id;
}

afterAll(() => client.destroy());

describe('assigning owners to records from before sign-in', () => {
  it('changes nothing on a dry run, then gives matching records to their engineer, who can then read them', async () => {
    const person = testPerson(unique('Legacy Engineer'));
    const engineer = signedInAs(person);
    const nobody = unique('Left Engineer');
    const matching = await legacyRecord(person.name);
    const unmatched = await legacyRecord(nobody);
    // Until it has an owner, only managers see a record from before sign-in.
    expect((await engineer.api(`/activities/${matching}`)).status).toBe(403);
    expect((await newManager().api(`/activities/${matching}`)).status).toBe(200);

    const plan = planOwners(await legacyRecords(client, table), [{ id: person.id, name: person.name }]);

    expect(plan.assign.map(({ record }) => record.id)).toEqual([matching]);
    expect(plan.unmatched).toContainEqual({ engineer: nobody, records: 1 });
    const untouched = await client.send(new GetCommand({ TableName: table, Key: { id: matching } }));
    expect(untouched.Item?.engineerId).toBeUndefined();

    expect(await applyPlan(client, table, plan)).toBe(1);
    expect(await applyPlan(client, table, plan)).toBe(0);

    const read = await engineer.api<{ engineerId: string; engineer: string }>(`/activities/${matching}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ engineerId: person.id, engineer: person.name });
    const left = await client.send(new GetCommand({ TableName: table, Key: { id: unmatched } }));
    expect(left.Item?.engineerId).toBeUndefined();
  });
});
