/**
 * `npm run assign-owners -- --stage prod --user-pool-id us-east-1_Abc`: gives activity records
 * from before sign-in (they have a display name in `engineer` but no `engineerId`) an owner, by
 * matching that name to exactly one person of the user pool. Until then only managers see them.
 *
 * A dry run unless `--apply` is given: it prints what it would change and changes nothing.
 * Names are matched trimmed and case-insensitively; a name that matches nobody, or more than
 * one person, is left alone and listed. Each write is conditional on the record still having
 * no owner, so a rerun (or a record an engineer claimed meanwhile) never overwrites an owner.
 *
 *   --stage <stage>          the stage (default dev): its activities table is metrics-api's
 *                            ActivitiesTableName output (CloudFormation names prod's table)
 *   --region <region>        of the stack (default AWS_REGION, else us-east-1)
 *   --activities-table <name>  or name the table
 *   --user-pool-id <id>      the people: every user of this Cognito pool (sub, name, email)
 *   --local                  or the local stack (`npm start`): its seeded people (test-support/people.ts),
 *                            its dynalite and its table (scripts/metrics-api-tables.ts)
 *   --apply                  write the changes
 */
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient, paginateListUsers } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { LOCAL_PEOPLE } from '../test-support/people';
import { COUNTED_PROJECTION, type CountedRecord, changeCounted } from './change-records';
import { metricsApiTables, TABLE_OPTIONS } from './metrics-api-tables';

export interface Person {
  id: string;
  name: string;
}

/** A record without an owner: its id and name as recorded, and (as read) what its totals are kept by. */
export type LegacyRecord = { id: string; engineer: string } & Partial<CountedRecord>;

export interface OwnerPlan {
  /** Records that get an owner: the person whose name matched. */
  assign: { record: LegacyRecord; owner: Person }[];
  /** Names no person has, with how many records carry them. */
  unmatched: { engineer: string; records: number }[];
  /** Names more than one person has: left for a manager to sort out. */
  ambiguous: { engineer: string; records: number; people: Person[] }[];
}

const key = (name: string) => name.trim().toLocaleLowerCase('en');

/** Which legacy record goes to whom: a name must match exactly one person. */
export function planOwners(records: readonly LegacyRecord[], people: readonly Person[]): OwnerPlan {
  const byName = new Map<string, Person[]>();
  for (const person of people) byName.set(key(person.name), [...(byName.get(key(person.name)) ?? []), person]);
  const plan: OwnerPlan = { assign: [], unmatched: [], ambiguous: [] };
  const unmatched = new Map<string, number>();
  const ambiguous = new Map<string, { records: number; people: Person[] }>();
  for (const record of records) {
    const candidates = byName.get(key(record.engineer)) ?? [];
    const [owner] = candidates;
    if (candidates.length === 1 && owner) plan.assign.push({ record, owner });
    else if (candidates.length === 0) unmatched.set(record.engineer, (unmatched.get(record.engineer) ?? 0) + 1);
    else {
      const entry = ambiguous.get(record.engineer) ?? { records: 0, people: candidates };
      ambiguous.set(record.engineer, { ...entry, records: entry.records + 1 });
    }
  }
  plan.unmatched = [...unmatched].map(([engineer, count]) => ({ engineer, records: count }));
  plan.ambiguous = [...ambiguous].map(([engineer, entry]) => ({ engineer, ...entry }));
  return plan;
}

/** Every record without an owner, through the all-activities index (no table scan). */
export async function legacyRecords(client: DynamoDBDocumentClient, table: string): Promise<LegacyRecord[]> {
  const records: LegacyRecord[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: table,
      IndexName: 'byDate',
      KeyConditionExpression: 'kind = :kind',
      FilterExpression: 'attribute_not_exists(#engineerId)',
      ExpressionAttributeValues: { ':kind': 'activity' },
      ...COUNTED_PROJECTION,
    },
  );
  for await (const page of pages) records.push(...((page.Items ?? []) as LegacyRecord[]));
  return records;
}

/**
 * Writes the plan, each record with the totals its new owner moves (scripts/change-records.ts); a
 * record that got an owner or changed meanwhile is skipped. Returns how many were written.
 */
export async function applyPlan(
  client: DynamoDBDocumentClient,
  tables: { activities: string; totals: string },
  plan: OwnerPlan,
): Promise<number> {
  let written = 0;
  for (const { record, owner } of plan.assign) {
    const changes = { engineerId: owner.id, engineer: owner.name };
    if (await changeCounted(client, tables, record as CountedRecord, changes)) written += 1;
  }
  return written;
}

/** What a run would do (or did), for a person to read. */
export function describePlan(plan: OwnerPlan, applied: boolean): string[] {
  const verb = applied ? 'assigned' : 'would assign';
  return [
    ...plan.assign.map(
      ({ record, owner }) => `${verb} ${record.id} ("${record.engineer}") to ${owner.name} (${owner.id})`,
    ),
    ...plan.unmatched.map(
      ({ engineer, records }) => `no person named "${engineer}": ${records} record(s) left as they are`,
    ),
    ...plan.ambiguous.map(
      ({ engineer, records, people }) =>
        `"${engineer}" is ${people.length} people (${people.map((person) => person.id).join(', ')}): ${records} record(s) left as they are`,
    ),
    `${plan.assign.length} record(s) ${verb === 'assigned' ? 'assigned' : 'to assign'}, ${plan.unmatched.length + plan.ambiguous.length} name(s) left${applied ? '' : ' (dry run: nothing written; --apply writes)'}`,
  ];
}

/** The people of a Cognito user pool: `sub` and `name` (or the email when a user has no name). */
async function poolPeople(userPoolId: string): Promise<Person[]> {
  const client = new CognitoIdentityProviderClient({});
  const people: Person[] = [];
  for await (const page of paginateListUsers({ client }, { UserPoolId: userPoolId })) {
    for (const user of page.Users ?? []) {
      const attribute = (name: string) => user.Attributes?.find((entry) => entry.Name === name)?.Value;
      const id = attribute('sub');
      const name = attribute('name') ?? attribute('email');
      if (id && name) people.push({ id, name });
    }
  }
  client.destroy();
  return people;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...TABLE_OPTIONS,
      'user-pool-id': { type: 'string' },
      apply: { type: 'boolean', default: false },
    },
  });
  const poolId = values['user-pool-id'];
  if (!poolId && !values.local) throw new Error('Name the people: --user-pool-id <id>, or --local');
  const people = poolId ? await poolPeople(poolId) : [...LOCAL_PEOPLE];
  const tables = await metricsApiTables(['activities', 'totals'], values);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: values.region }));
  const plan = planOwners(await legacyRecords(client, tables.activities), people);
  if (values.apply) await applyPlan(client, tables, plan);
  for (const line of describePlan(plan, values.apply)) console.log(line);
  client.destroy();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
