import { type DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../weeks/week-gate';
import { type Family, partitionKey, type RowRange, type TotalRow } from './totals';
import type { TotalsReader } from './totals-reader';

export type { TotalsReader };

const NAMED_FIELDS = ['date', 'engineer', 'engineerId', 'customer', 'customerId', 'project', 'projectId'] as const;

/**
 * The update of one row a write adds to its transaction: ADD of the net hundredths and count (so
 * writes to one row from different records add up without reading it), SET of its stretch and
 * names. No condition: it never refuses a write.
 */
export function totalUpdate(table: string, change: TotalRow): TransactItem {
  const names: Record<string, string> = { '#cents': 'cents', '#count': 'count' };
  const values: Record<string, unknown> = { ':cents': change.cents, ':count': change.count };
  const sets: string[] = [];
  for (const field of NAMED_FIELDS) {
    const value = change[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return {
    Update: {
      TableName: table,
      Key: { pk: change.pk, sk: change.sk },
      UpdateExpression: `ADD #cents :cents, #count :count SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The Query of one family's rows whose first day lies in the range. */
export function rowsQuery(table: string, family: Family, range: RowRange): QueryCommandInput {
  const values: Record<string, string> = { ':pk': partitionKey(family, range.grain) };
  let condition = 'pk = :pk';
  if (range.from !== undefined) values[':from'] = `${range.from}#`;
  // '~' sorts after every character of the hashed dimension key, so the whole `to` day is included.
  if (range.to !== undefined) values[':to'] = `${range.to}#~`;
  if (range.from !== undefined && range.to !== undefined) condition += ' AND sk BETWEEN :from AND :to';
  else if (range.from !== undefined) condition += ' AND sk >= :from';
  else if (range.to !== undefined) condition += ' AND sk <= :to';
  return { TableName: table, KeyConditionExpression: condition, ExpressionAttributeValues: values };
}

export function dynamoTotalsReader(client: DynamoDBDocumentClient, table: string): TotalsReader {
  return {
    async rows(family, range) {
      const rows: TotalRow[] = [];
      for await (const page of paginateQuery({ client }, rowsQuery(table, family, range))) {
        for (const item of (page.Items ?? []) as TotalRow[]) if (item.count !== 0 || item.cents !== 0) rows.push(item);
      }
      return rows;
    },
  };
}
