import { join } from 'node:path';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { runScriptOnTestTables } from '../../../test-support/dynamodb';
import { rowOf } from '../src/totals/totals';
import {
  type Client,
  closeDynamo,
  newManager,
  type StoredActivity,
  signedInAs,
  testPerson,
  unique,
} from './support/api';
import { activitiesTable, closeLocalDynamo, localDynamo, totalsTable } from './support/weeks';

// Over HTTP against the local stack: the summary read from the maintained totals answers what the
// records add up to, after every kind of write, and the rebuild finds and repairs a difference.
const ROOT = join(__dirname, '..', '..', '..');
afterAll(() => {
  closeDynamo();
  closeLocalDynamo();
});

const manager = newManager('Totals Manager');
const ana = signedInAs(testPerson(unique('Ana'), ['engineers']));
const bob = signedInAs(testPerson(unique('Bob'), ['engineers']));
const acme = unique('Totals Acme');
const initech = unique('Totals Initech');

interface Summary {
  groups: { key: string; subKey?: string; hours: number; count: number }[];
  totalHours: number;
  totalCount: number;
  source: 'totals' | 'records';
}

async function create(owner: Client, fields: Partial<StoredActivity>): Promise<StoredActivity> {
  const response = await owner.postJson<StoredActivity>('/activities', {
    customer: acme,
    project: 'Platform',
    activity: 'Build',
    hours: 1,
    ...fields,
  });
  expect(response.status).toBe(201);
  return response.json;
}

async function change(id: string, fields: Record<string, unknown>): Promise<void> {
  const current = (await manager.api<StoredActivity>(`/activities/${id}`)).json;
  const { customer, project, activity, date, hours, notes } = current;
  const response = await manager.putJson(`/activities/${id}`, {
    customer,
    project,
    activity,
    date,
    hours,
    ...(notes === undefined ? {} : { notes }),
    ...fields,
  });
  expect(response.status).toBe(200);
}

/**
 * A summary as both sources must agree on it: the same groups with the same sums. A free-text
 * name spelt two ways is one group either way, shown under one of its spellings, which may differ
 * (docs/metrics-api.md); so groups are compared by name key, in name order.
 */
function comparable(summary: Summary) {
  const groups = summary.groups
    .map((group) => ({ ...group, key: group.key.toLowerCase(), subKey: group.subKey?.toLowerCase() }))
    .sort((a, b) => `${a.key} ${a.subKey}`.localeCompare(`${b.key} ${b.subKey}`));
  return { groups, totalHours: summary.totalHours, totalCount: summary.totalCount };
}

/** The summaries of these shapes, from the totals, each equal to the records' own adding up. */
const SHAPES = (customer: string): Record<string, string>[] => [
  { groupBy: 'customer', thenBy: 'month', customer },
  { groupBy: 'engineer', thenBy: 'week', customer },
  { groupBy: 'project', customer: customer.toUpperCase(), from: '2011-03-01', to: '2011-04-30' },
  { groupBy: 'month', customer, engineer: ana.person.name.toLowerCase() },
  { groupBy: 'week', customer, from: '2011-03-25', to: '2011-04-03' },
  { groupBy: 'customer', engineerId: ana.person.id, from: '2011-03-28', to: '2011-04-05' },
];

async function expectTotalsMatchRecords(customer = acme): Promise<Summary[]> {
  const answers: Summary[] = [];
  for (const shape of SHAPES(customer)) {
    const query = new URLSearchParams(shape).toString();
    const fromTotals = await manager.api<Summary>(`/summary?${query}`);
    const fromRecords = await manager.api<Summary>(`/summary?${query}&source=records`);
    expect(fromTotals.status).toBe(200);
    expect(fromTotals.json.source).toBe('totals');
    expect(fromRecords.json.source).toBe('records');
    expect({ shape, ...comparable(fromTotals.json) }).toEqual({ shape, ...comparable(fromRecords.json) });
    answers.push(fromTotals.json);
  }
  return answers;
}

async function rebuild(...args: string[]) {
  const result = await runScriptOnTestTables(join(ROOT, 'scripts', 'rebuild-totals.ts'), [
    '--activities-table',
    activitiesTable(),
    '--totals-table',
    totalsTable(),
    ...args,
  ]).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  return result;
}

describe('the maintained totals', () => {
  let straddling: StoredActivity;
  let moving: StoredActivity;

  it('answer the summary as the records do after creates across a month inside one week', async () => {
    // 2011-W13 runs Monday 28 March to Sunday 3 April: two parts, one in each month.
    straddling = await create(ana, { date: '2011-03-31', hours: 2.5 });
    await create(ana, { date: '2011-04-01', hours: 1.25, project: 'Data' });
    moving = await create(bob, { date: '2011-03-29', hours: 3 });
    await create(bob, { date: '2011-04-20', hours: 4, customer: acme.toLowerCase() });

    const [byCustomerMonth] = await expectTotalsMatchRecords();
    expect(byCustomerMonth?.groups.map((group) => [group.subKey, group.hours, group.count])).toEqual([
      ['2011-03', 5.5, 2],
      ['2011-04', 5.25, 2],
    ]);
  });

  it('follow a change of hours, a move to another week and a delete', async () => {
    await change(straddling.id, { hours: 6 });
    await change(moving.id, { date: '2011-04-12' });
    const doomed = await create(ana, { date: '2011-04-02', hours: 7 });
    expect((await manager.del(`/activities/${doomed.id}`)).status).toBe(204);

    const [byCustomerMonth] = await expectTotalsMatchRecords();
    expect(byCustomerMonth?.totalHours).toBe(6 + 1.25 + 3 + 4);
  });

  it('follow a change of customer and project, and a manager giving a record to someone else', async () => {
    const record = await create(ana, { date: '2011-04-04', hours: 2 });
    await change(record.id, { customer: initech, project: 'Migration' });
    await change(straddling.id, { onBehalfOf: { id: bob.person.id, name: bob.person.name } });

    await expectTotalsMatchRecords();
    const [initechSummary] = await expectTotalsMatchRecords(initech);
    expect(initechSummary?.totalHours).toBe(2);
  });

  it('are rebuilt from the records: a dry run reports a difference, --apply repairs it', async () => {
    // Whatever other tests stored directly (without totals) is repaired first.
    await rebuild('--apply');
    expect((await rebuild()).code).toBe(0);

    const row = rowOf('c', 'part', { ...straddling, engineerId: bob.person.id, engineer: bob.person.name, hours: 6 });
    const key = { pk: row.pk, sk: row.sk };
    const before = (await localDynamo().send(new GetCommand({ TableName: totalsTable(), Key: key }))).Item;
    expect(before).toMatchObject({ cents: 600, count: 1 });
    await localDynamo().send(
      new UpdateCommand({
        TableName: totalsTable(),
        Key: key,
        UpdateExpression: 'ADD #cents :drift',
        ExpressionAttributeNames: { '#cents': 'cents' },
        ExpressionAttributeValues: { ':drift': 1000 },
      }),
    );
    await localDynamo().send(
      new PutCommand({
        TableName: totalsTable(),
        Item: { ...row, sk: `${row.date}#stray`, cents: 100, count: 1 },
      }),
    );
    const drifted = await manager.api<Summary>(`/summary?groupBy=customer&customer=${encodeURIComponent(acme)}`);
    expect(drifted.json.totalHours).toBe(14.25 + 10 + 1);

    const dryRun = await rebuild();
    expect(dryRun.code).toBe(1);
    expect(dryRun.stdout).toContain(`wrong: c#part 2011-03-28 ${acme}: records 6 h in 1 record(s), totals 16 h`);
    expect(dryRun.stdout).toContain('extra: c#part 2011-03-28');
    expect(dryRun.stdout).toContain('2 difference(s) found (dry run');

    await rebuild('--apply');
    expect((await rebuild()).code).toBe(0);
    await expectTotalsMatchRecords();
    // The rebuild reads every record of the shared table (tens of thousands after the export tests).
  }, 600_000);

  it('stay apart from the records: a record read straight from the table holds no total', async () => {
    const stored = await localDynamo().send(
      new GetCommand({ TableName: activitiesTable(), Key: { id: straddling.id } }),
    );
    expect(stored.Item).toMatchObject({ engineerId: bob.person.id, hours: 6 });
    expect(stored.Item).not.toHaveProperty('cents');
  });
});
