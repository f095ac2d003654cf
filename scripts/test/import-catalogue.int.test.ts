import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { nameKey } from '@shared/catalogue/name-key';
import { dynamoCatalogueStore } from '../../services/metrics-api/src/catalogue/catalogue-store';
import { type Counted, type TotalRow, totalsOf } from '../../services/metrics-api/src/totals/totals';
import { newManager, unique } from '../../services/metrics-api/test/support/api';
import { runScriptOnTestTables } from '../../test-support/dynamodb';
import { acceptNone, type ReviewFile } from '../catalogue-review';
import { acceptedPart, applyImport, planImport, reviewFor, unlinkedRecords } from '../import-catalogue';
import { testTables, totalsDifferences } from './support/totals-check';

const tables = testTables();
// The test stack's tables by name (a deployed stage's come from metrics-api's stack outputs).
const tableArgs = [
  '--activities-table',
  tables.activities,
  '--catalogue-table',
  tables.catalogue,
  '--totals-table',
  tables.totals,
];
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: process.env.RUNWAY_DYNAMODB_URL,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
);

const seeded: Counted[] = [];

/** A record with free-text customer and project, as the API stored them before the catalogue. */
async function freeTextRecord(customer: string, project: string): Promise<string> {
  const id = randomUUID();
  const createdAt = '2025-03-04T05:06:07.000Z';
  const item = {
    id,
    kind: 'activity',
    sortKey: `2025-03-04#${createdAt}#${id}`,
    engineer: 'Legacy Engineer',
    customer,
    project,
    activity: 'Old work',
    date: '2025-03-04',
    hours: 1,
    createdAt,
    updatedAt: createdAt,
  };
  await client.send(new PutCommand({ TableName: tables.activities, Item: item }));
  seeded.push(item);
  return id;
}

/** The customer's totals, as `rebuild-totals --apply` left them after the totals came (its rows only: the name is unique). */
async function rebuiltTotals(customer: string): Promise<void> {
  for (const row of totalsOf(seeded).values())
    if (nameKey(row.customer ?? '') === nameKey(customer))
      await client.send(new PutCommand({ TableName: tables.totals, Item: row }));
}

afterAll(() => client.destroy());

describe('importing free-text customers and projects into the catalogue', () => {
  it('proposes merges on a dry run and writes nothing, then links every variant to one entry when accepted', async () => {
    const customer = unique('Initrode');
    const reviewFile = join(mkdtempSync(join(tmpdir(), 'catalogue-review-')), 'merges.json');
    const ids = [
      await freeTextRecord(customer, 'Alpha'),
      await freeTextRecord(customer, 'Alpha'),
      await freeTextRecord(` ${customer.toUpperCase()}`, 'ALPHA  '),
    ];
    await rebuiltTotals(customer);

    const dryRun = await runScriptOnTestTables(join(__dirname, '..', 'import-catalogue.ts'), [
      ...tableArgs,
      '--review-file',
      reviewFile,
    ]);

    expect(dryRun.stdout).toContain(
      `proposed merge (set "accept": true for it in ${reviewFile}): customer "${customer}" (2), " ${customer.toUpperCase()}" (1) -> "${customer}"`,
    );
    expect(dryRun.stdout).toContain('dry run: nothing written');
    expect(dryRun.stdout).toContain(`merge(s) to review in ${reviewFile}`);
    const review = JSON.parse(readFileSync(reviewFile, 'utf8')) as ReviewFile;
    expect(review.merges).toContainEqual({
      id: `customer:${nameKey(customer)}`,
      kind: 'customer',
      name: customer,
      spellings: { [customer]: 2, [` ${customer.toUpperCase()}`]: 1 },
      accept: false,
    });
    const untouched = await client.send(new GetCommand({ TableName: tables.activities, Key: { id: ids[0] } }));
    expect(untouched.Item?.projectId).toBeUndefined();

    // Only this test's records: the table is shared with the other integration tests.
    const plan = planImport(
      await unlinkedRecords(client, tables.activities),
      await dynamoCatalogueStore(client, tables.catalogue).entries(),
    );
    const mine = {
      customers: plan.customers.filter((entry) => entry.key === nameKey(customer)),
      projects: plan.projects.filter((entry) => entry.customerKey === nameKey(customer)),
    };
    expect(acceptedPart(mine, acceptNone).customers).toEqual([]);
    // The reviewer accepts both merges in the file; the run with it links every variant.
    writeFileSync(
      reviewFile,
      JSON.stringify({ ...review, merges: review.merges.map((merge) => ({ ...merge, accept: true })) }),
    );
    const reviewed = reviewFor(mine, { acceptMerges: false, apply: true, reviewFile });
    const linked = await applyImport(client, tables, acceptedPart(mine, reviewed.review));

    expect(linked).toBe(3);
    // Each link moved its record's totals in the same transaction (onto the catalogue's ids): no rebuild needed.
    const ofThisCustomer = (row: TotalRow) => row.customer !== undefined && nameKey(row.customer) === nameKey(customer);
    expect(await totalsDifferences(client, tables, ids, ofThisCustomer)).toEqual([]);
    const manager = newManager();
    const shown = await Promise.all(
      ids.map((id) => manager.api<{ customer: string; project: string; projectId?: string }>(`/activities/${id}`)),
    );
    expect(new Set(shown.map((response) => `${response.json.customer} / ${response.json.project}`))).toEqual(
      new Set([`${customer} / Alpha`]),
    );
    expect(new Set(shown.map((response) => response.json.projectId)).size).toBe(1);
    const stored = await client.send(new GetCommand({ TableName: tables.activities, Key: { id: ids[2] } }));
    expect(stored.Item).toMatchObject({ customer: ` ${customer.toUpperCase()}`, project: 'ALPHA  ' });
    const again = planImport(await unlinkedRecords(client, tables.activities), []);
    expect(again.customers.some((entry) => entry.key === nameKey(customer))).toBe(false);
  });
});
