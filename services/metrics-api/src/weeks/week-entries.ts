import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { WeekEntry } from '@shared/weeks/week-entry';
import { indexEntries, type Recorded, resolveNames } from '../catalogue/catalogue';
import type { CatalogueReader } from '../catalogue/catalogue-store';
import { type WeekId, weekDates } from './iso-week';

export type { WeekEntry };

/** Reads the activity records of weeks; the activities table in production. */
export interface WeekEntries {
  /** One engineer's records of one week. */
  ofEngineer(engineerId: string, week: WeekId): Promise<WeekEntry[]>;
  /** Every owned record between two dates (inclusive), for the team view. */
  between(from: string, to: string): Promise<WeekEntry[]>;
}

/** Most records the team view reads in one request (a 26-week range of a 30-person team is ~20,000). */
export const MAX_TEAM_RECORDS = 50_000;

function toEntry(item: Record<string, unknown>): WeekEntry {
  const { id, engineerId, engineer, customer, project, activity, date, hours, notes } = item as unknown as WeekEntry;
  return {
    id,
    engineerId,
    engineer,
    customer,
    project,
    activity,
    date,
    hours,
    ...(notes === undefined ? {} : { notes }),
  };
}

/**
 * Entries of the activities table; with a catalogue, a linked record shows its customer's and
 * project's current names (a rename shows in the week grid too).
 */
export function dynamoWeekEntries(
  client: DynamoDBDocumentClient,
  table: string,
  catalogue?: CatalogueReader,
): WeekEntries {
  /** Every page of one Query, as entries; stops after the page that reaches `atMost`. */
  async function queryEntries(input: Omit<QueryCommandInput, 'TableName'>, atMost = Infinity): Promise<WeekEntry[]> {
    const entries: WeekEntry[] = [];
    const names = catalogue === undefined ? undefined : indexEntries(await catalogue.entries());
    const shown = (item: Record<string, unknown>) =>
      names === undefined ? item : { ...item, ...resolveNames(item as unknown as Recorded, names) };
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: startKey }));
      entries.push(...(result.Items ?? []).map((item) => toEntry(shown(item))));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined && entries.length < atMost);
    return entries;
  }

  return {
    ofEngineer(engineerId, week) {
      const dates = weekDates(week);
      // One indexed query of the engineer's week; a second page only past 1 MB of records.
      return queryEntries({
        IndexName: 'byEngineerId',
        KeyConditionExpression: 'engineerId = :engineerId AND sortKey BETWEEN :monday AND :sundayEnd',
        ExpressionAttributeValues: { ':engineerId': engineerId, ':monday': dates[0], ':sundayEnd': `${dates[6]}#~` },
      });
    },

    between(from, to) {
      return queryEntries(
        {
          IndexName: 'byDate',
          KeyConditionExpression: 'kind = :kind AND sortKey BETWEEN :from AND :toEnd',
          FilterExpression: 'attribute_exists(engineerId)',
          ExpressionAttributeValues: { ':kind': 'activity', ':from': from, ':toEnd': `${to}#~` },
        },
        MAX_TEAM_RECORDS,
      );
    },
  };
}
