/**
 * `npm run rebuild-totals -- --stage prod`: adds up the activity records again, compares the sums
 * with the maintained totals the summary and the team view read (services/metrics-api/src/totals),
 * and prints every difference. A dry run unless `--apply` is given, which repairs each wrong or
 * missing row by adding the difference (so a write landing during the repair still counts) and
 * deletes rows that add up to nothing. Exits 1 when a dry run finds a difference.
 *
 * The records and the totals are read one after the other, not at one instant: a write that lands
 * between the two reads shows as a difference (run again; or repair when nobody is writing, e.g.
 * after `npm run assign-owners` or `npm run import-catalogue`, which change records outside the
 * API and leave their totals to this script).
 *
 *   --stage <stage>     the stage whose tables metrics-api's stack outputs name (default dev; --region)
 *   --activities-table <name> --totals-table <name>   or name both tables
 *   --local             the local stack (`npm start`): its dynalite on RUNWAY_DYNAMODB_PORT (8000)
 *   --apply             write the repairs
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  paginateQuery,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  COUNTED_FIELDS,
  type Counted,
  rowId,
  type TotalRow,
  totalsOf,
} from '../services/metrics-api/src/totals/totals';
import { totalUpdate } from '../services/metrics-api/src/totals/totals-store';
import { metricsApiTables, TABLE_OPTIONS } from './metrics-api-tables';

/** One row whose stored sums are not what the records add up to. */
export interface TotalDifference {
  kind: 'missing' | 'wrong' | 'extra' | 'empty';
  /** What the records add up to (zero when the row should not exist). */
  expected: Pick<TotalRow, 'cents' | 'count'>;
  stored: Pick<TotalRow, 'cents' | 'count'>;
  /** The row as it should be (names and key), or as stored when it should not exist. */
  row: TotalRow;
}

const ZERO = { cents: 0, count: 0 };
const sums = (row: Pick<TotalRow, 'cents' | 'count'> | undefined) =>
  row === undefined ? ZERO : { cents: row.cents, count: row.count };

/**
 * Every difference between the rows the records add up to and the rows stored: `missing` (the
 * records have hours there, no row does), `wrong` (other sums), `extra` (a row with sums no
 * record gives), `empty` (a row that adds up to nothing: harmless, the readers skip it; deleted
 * on repair).
 */
export function compareTotals(expected: ReadonlyMap<string, TotalRow>, stored: Iterable<TotalRow>): TotalDifference[] {
  const differences: TotalDifference[] = [];
  const seen = new Set<string>();
  for (const row of stored) {
    const id = rowId(row);
    seen.add(id);
    const wanted = expected.get(id);
    const has = sums(row);
    if (wanted === undefined) {
      const kind = has.cents === 0 && has.count === 0 ? 'empty' : 'extra';
      differences.push({ kind, expected: ZERO, stored: has, row });
    } else if (wanted.cents !== has.cents || wanted.count !== has.count) {
      differences.push({ kind: 'wrong', expected: sums(wanted), stored: has, row: wanted });
    }
  }
  for (const [id, row] of expected) {
    if (!seen.has(id)) differences.push({ kind: 'missing', expected: sums(row), stored: ZERO, row });
  }
  return differences;
}

/** What a person reads of one difference. */
export function describeDifference(difference: TotalDifference): string {
  const { row, expected, stored } = difference;
  const who = [row.engineer, row.customer, row.project].filter((name) => name !== undefined).join(' / ');
  const hours = (value: { cents: number; count: number }) => `${value.cents / 100} h in ${value.count} record(s)`;
  return `${difference.kind}: ${row.pk} ${row.date}${who === '' ? '' : ` ${who}`}: records ${hours(expected)}, totals ${hours(stored)}`;
}

/** Repairs the differences: adds what is missing to each row, deletes the rows no record gives. */
export async function repairTotals(
  client: DynamoDBDocumentClient,
  table: string,
  differences: readonly TotalDifference[],
): Promise<void> {
  for (const { kind, row, expected, stored } of differences) {
    if (kind === 'empty' || kind === 'extra') {
      await client
        .send(
          new DeleteCommand({
            TableName: table,
            Key: { pk: row.pk, sk: row.sk },
            // Only while it still holds what was read (a write may have added to it since: run again).
            ConditionExpression: '#cents = :cents AND #count = :count',
            ExpressionAttributeNames: { '#cents': 'cents', '#count': 'count' },
            ExpressionAttributeValues: { ':cents': stored.cents, ':count': stored.count },
          }),
        )
        .catch((error: unknown) => {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        });
      continue;
    }
    const delta = { ...row, cents: expected.cents - stored.cents, count: expected.count - stored.count };
    const update = totalUpdate(table, delta).Update;
    if (update !== undefined) await client.send(new UpdateCommand(update));
  }
}

/** Every record's counted fields, through the all-activities index (no table scan). */
export async function countedRecords(client: DynamoDBDocumentClient, table: string): Promise<Counted[]> {
  const records: Counted[] = [];
  const names = Object.fromEntries(COUNTED_FIELDS.map((field) => [`#${field}`, field]));
  const pages = paginateQuery(
    { client },
    {
      TableName: table,
      IndexName: 'byDate',
      KeyConditionExpression: 'kind = :kind',
      ExpressionAttributeValues: { ':kind': 'activity' },
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: names,
    },
  );
  for await (const page of pages) records.push(...((page.Items ?? []) as Counted[]));
  return records;
}

export async function storedTotals(client: DynamoDBDocumentClient, table: string): Promise<TotalRow[]> {
  const rows: TotalRow[] = [];
  for await (const page of paginateScan({ client }, { TableName: table }))
    rows.push(...((page.Items ?? []) as TotalRow[]));
  return rows;
}

/** Compares (and with `apply`, repairs) the totals of one stage's tables; returns the differences found. */
export async function rebuildTotals(
  client: DynamoDBDocumentClient,
  tables: { activities: string; totals: string },
  apply: boolean,
): Promise<{ records: number; rows: number; differences: TotalDifference[] }> {
  const records = await countedRecords(client, tables.activities);
  const expected = totalsOf(records);
  const differences = compareTotals(expected, await storedTotals(client, tables.totals));
  if (apply) await repairTotals(client, tables.totals, differences);
  return { records: records.length, rows: expected.size, differences };
}

const SHOWN = 50;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { ...TABLE_OPTIONS, apply: { type: 'boolean', default: false } },
  });
  const tables = await metricsApiTables(['activities', 'totals'], values);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const { records, rows, differences } = await rebuildTotals(client, tables, values.apply);
  client.destroy();
  for (const difference of differences.slice(0, SHOWN)) console.log(describeDifference(difference));
  if (differences.length > SHOWN) console.log(`... and ${differences.length - SHOWN} more`);
  const verb = values.apply ? 'repaired' : 'found';
  console.log(
    `${records} record(s) add up to ${rows} total row(s); ${differences.length} difference(s) ${verb}${values.apply ? '' : ' (dry run: nothing written; --apply repairs)'}`,
  );
  return !values.apply && differences.some((difference) => difference.kind !== 'empty') ? 1 : 0;
}

if (require.main === module) {
  main()
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    });
}
