import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { WeekEntry } from '@shared/weeks/week-entry';
import { indexEntries, type Recorded, resolveNames } from '../catalogue/catalogue';
import type { CatalogueReader } from '../catalogue/catalogue-store';
import type { TotalsReader } from '../totals/totals-reader';
import { type WeekId, weekDates } from './iso-week';

export type { WeekEntry };

/** Reads the activity records of weeks; the activities table in production. */
export interface WeekEntries {
  /** One engineer's records of one week. */
  ofEngineer(engineerId: string, week: WeekId): Promise<WeekEntry[]>;
  /**
   * Every owner's hours between a Monday and a Sunday, per part of a week (the maintained totals,
   * src/totals: one row per engineer and part, however many records), for the team view.
   */
  hoursBetween(monday: string, sunday: string): Promise<EngineerHours[]>;
}

/** One engineer's hours (in hundredths) in the part of a week that starts on `date`. */
export interface EngineerHours {
  engineerId: string;
  engineer: string;
  date: string;
  cents: number;
}

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
  totals?: TotalsReader,
): WeekEntries {
  /** Every page of one Query, as entries; stops after the page that reaches `atMost`. */
  async function queryEntries(input: Omit<QueryCommandInput, 'TableName'>): Promise<WeekEntry[]> {
    const entries: WeekEntry[] = [];
    const names = catalogue === undefined ? undefined : indexEntries(await catalogue.entries());
    const shown = (item: Record<string, unknown>) =>
      names === undefined ? item : { ...item, ...resolveNames(item as unknown as Recorded, names) };
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: startKey }));
      entries.push(...(result.Items ?? []).map((item) => toEntry(shown(item))));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined);
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

    async hoursBetween(monday, sunday) {
      if (totals === undefined) throw new Error('The team view reads the maintained totals: give a totals reader');
      const rows = await totals.rows('e', { grain: 'part', from: monday, to: sunday });
      return rows.flatMap(({ engineerId, engineer, date, cents }) =>
        engineerId === undefined ? [] : [{ engineerId, engineer: engineer ?? '', date, cents }],
      );
    },
  };
}
