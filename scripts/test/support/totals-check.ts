import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Counted, type TotalRow, totalsOf } from '../../../services/metrics-api/src/totals/totals';
import { activitiesTable, catalogueTable, totalsTable } from '../../../services/metrics-api/test/support/weeks';
import { type CountedRecord, countedOf } from '../../change-records';
import { compareTotals, storedTotals, type TotalDifference } from '../../rebuild-totals';

/** The test stack's tables by name (a deployed stage's come from metrics-api's stack outputs). */
export function testTables() {
  return { activities: activitiesTable(), catalogue: catalogueTable(), totals: totalsTable() };
}

/**
 * How the stored totals differ from what these records add up to now, over the rows `mine` picks
 * (the tables are shared with tests running meanwhile: only rows no other test writes are compared).
 * Rows left adding up to nothing are not differences (the readers skip them).
 */
export async function totalsDifferences(
  client: DynamoDBDocumentClient,
  tables: { activities: string; totals: string },
  ids: readonly string[],
  mine: (row: TotalRow) => boolean,
): Promise<TotalDifference[]> {
  const records: Counted[] = [];
  for (const id of ids) {
    const { Item } = await client.send(new GetCommand({ TableName: tables.activities, Key: { id } }));
    if (Item === undefined) continue;
    records.push(countedOf(Item as CountedRecord));
  }
  const expected = new Map([...totalsOf(records)].filter(([, row]) => mine(row)));
  const stored = (await storedTotals(client, tables.totals)).filter(mine);
  return compareTotals(expected, stored).filter((difference) => difference.kind !== 'empty');
}
