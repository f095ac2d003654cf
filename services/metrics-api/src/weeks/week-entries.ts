import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type WeekId, weekDates } from './iso-week';

/** One activity record as the week grid shows it. */
export interface WeekEntry {
  id: string;
  engineerId: string;
  engineer: string;
  customer: string;
  project: string;
  activity: string;
  date: string;
  hours: number;
  notes?: string;
}

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

export function dynamoWeekEntries(client: DynamoDBDocumentClient, table: string): WeekEntries {
  return {
    async ofEngineer(engineerId, week) {
      const dates = weekDates(week);
      const entries: WeekEntry[] = [];
      let startKey: Record<string, unknown> | undefined;
      // One indexed query of the engineer's week; a second page only past 1 MB of records.
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byEngineerId',
            KeyConditionExpression: 'engineerId = :engineerId AND sortKey BETWEEN :monday AND :sundayEnd',
            ExpressionAttributeValues: {
              ':engineerId': engineerId,
              ':monday': dates[0],
              ':sundayEnd': `${dates[6]}#~`,
            },
            ExclusiveStartKey: startKey,
          }),
        );
        entries.push(...(result.Items ?? []).map(toEntry));
        startKey = result.LastEvaluatedKey;
      } while (startKey !== undefined);
      return entries;
    },

    async between(from, to) {
      const entries: WeekEntry[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byDate',
            KeyConditionExpression: 'kind = :kind AND sortKey BETWEEN :from AND :toEnd',
            FilterExpression: 'attribute_exists(engineerId)',
            ExpressionAttributeValues: { ':kind': 'activity', ':from': from, ':toEnd': `${to}#~` },
            ExclusiveStartKey: startKey,
          }),
        );
        entries.push(...(result.Items ?? []).map(toEntry));
        startKey = result.LastEvaluatedKey;
      } while (startKey !== undefined && entries.length < MAX_TEAM_RECORDS);
      return entries;
    },
  };
}
