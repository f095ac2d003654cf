import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { removeSeeded, seedActivities, seededRecord } from '../../test-support/seed-activities';
import { bearer, localPerson } from '../../test-support/tokens';
import { downloadAllParts } from '../src/lib/export-parts';
import { apiUrl } from './support/site';

// The dashboard's CSV download (site/src/lib/export-parts.ts) against the local API: an export of
// 50,000 rows comes in parts bounded by rows, one with long notes in parts bounded by bytes, and
// each joins into one file with its header once.
const paulo = localPerson('paulo@runway.local');
const stage = process.env.RUNWAY_STAGE ?? 'test';
const tables = { activities: `runway-metrics-api-${stage}-activities`, totals: `runway-metrics-api-${stage}-totals` };
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: process.env.RUNWAY_DYNAMODB_URL,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
);
const seeded: ReturnType<typeof seededRecord>[] = [];
afterAll(async () => {
  // The tables are shared: later tests must not page through these records.
  await removeSeeded(client, tables, seeded);
  client.destroy();
}, 600_000);

const run = randomUUID().slice(0, 8);
const DAY_MS = 24 * 3600 * 1000;
const dayOf = (start: string, n: number, days: number) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + (n % days) * DAY_MS).toISOString().slice(0, 10);

/** `count` records of one customer over one year, by five engineers (remembered for the clean-up). */
function records(customer: string, year: string, count: number, notes: (n: number) => string) {
  const made = Array.from({ length: count }, (_, n) =>
    seededRecord({
      engineer: `Export Engineer ${n % 5} ${run}`,
      engineerId: `export-${n % 5}-${run}`,
      customer,
      project: 'Export',
      date: dayOf(`${year}-01-01`, n, 365),
      hours: 1 + (n % 8) / 4,
      notes: notes(n),
    }),
  );
  seeded.push(...made);
  return made;
}

/** The site's download of a filter's export, every part, as the dashboard calls it. */
async function downloadAll(filter: Record<string, string>) {
  const progress: { rows: number; remaining: number }[] = [];
  const sizes: number[] = [];
  const joined = await downloadAllParts(
    async (cursor) => {
      const query = new URLSearchParams({ ...filter, ...(cursor === undefined ? {} : { cursor }) });
      const response = await fetch(`${apiUrl()}/activities.csv?${query}`, { headers: bearer(paulo) });
      expect(response.status).toBe(200);
      const text = await response.text();
      sizes.push(Buffer.byteLength(text));
      return { headers: response.headers, text: async () => text };
    },
    (step) => progress.push(step),
  );
  return { ...joined, lines: joined.chunks.join('').split('\r\n').slice(0, -1), progress, sizes };
}

describe('the CSV export, part by part through the site', () => {
  it('downloads 50,000 rows into one file: parts of at most 10,000 rows, the header once, the remaining count down to 0', async () => {
    const customer = `Export Corp ${run}`;
    await seedActivities(
      client,
      tables,
      records(customer, '1991', 50_000, (n) => `Seeded note ${n}`),
    );

    const { lines, rows, parts, progress } = await downloadAll({ customer, from: '1991-01-01', to: '1991-12-31' });

    expect(rows).toBe(50_000);
    expect(parts).toBe(5);
    expect(lines).toHaveLength(50_001);
    expect(lines[0]).toMatch(/^engineer,customer,project,activity,date,hours,notes/);
    expect(lines.filter((line) => line.startsWith('engineer,customer,'))).toHaveLength(1);
    expect(new Set(lines.slice(1).map((line) => line.split(',').at(-4)))).toHaveProperty('size', 50_000);
    expect(progress).toEqual([
      { rows: 10_000, remaining: 40_000 },
      { rows: 20_000, remaining: 30_000 },
      { rows: 30_000, remaining: 20_000 },
      { rows: 40_000, remaining: 10_000 },
      { rows: 50_000, remaining: 0 },
    ]);
  }, 600_000);

  it('cuts parts by bytes when notes are long, each well under the 6 MB response limit', async () => {
    const customer = `Long Notes Corp ${run}`;
    await seedActivities(
      client,
      tables,
      records(customer, '1992', 3_000, (n) => `${n} ${'x'.repeat(1_990)}`),
    );

    const { lines, rows, parts, sizes } = await downloadAll({ customer, from: '1992-01-01', to: '1992-12-31' });

    expect(rows).toBe(3_000);
    expect(lines).toHaveLength(3_001);
    expect(parts).toBe(2);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(4 * 1024 * 1024);
  }, 300_000);
});
