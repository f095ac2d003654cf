import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { RecordedHour } from './hours';

/** What the delivery routes read of the activity records (the activities table's indexes). */
export interface RecordedHours {
  /** The catalogue project ids the engineer has recorded on since `since` (YYYY-MM-DD). */
  projectsOf(engineerId: string, since: string): Promise<Set<string>>;
  /** The records of one catalogue project dated within [from, to]. */
  projectRecords(project: string, projectId: string, from: string, to: string): Promise<RecordedHour[]>;
}

export function dynamoRecordedHours(client: DynamoDBDocumentClient, table: string): RecordedHours {
  const query = async (input: Omit<Parameters<typeof paginateQuery>[1], 'TableName'>) => {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client }, { TableName: table, ...input }))
      items.push(...(page.Items ?? []));
    return items;
  };
  return {
    async projectsOf(engineerId, since) {
      const items = await query({
        IndexName: 'byEngineerId',
        KeyConditionExpression: 'engineerId = :id AND sortKey >= :since',
        ExpressionAttributeValues: { ':id': engineerId, ':since': since },
        ProjectionExpression: 'projectId',
      });
      return new Set(items.flatMap((item) => (typeof item.projectId === 'string' ? [item.projectId] : [])));
    },
    async projectRecords(project, projectId, from, to) {
      // byProject is keyed by the project's name; two customers may both have a project of that name.
      const items = await query({
        IndexName: 'byProject',
        // Every attribute by placeholder: `project`, `date` and `hours` are DynamoDB reserved words.
        KeyConditionExpression: '#project = :project AND sortKey BETWEEN :from AND :to',
        FilterExpression: 'projectId = :projectId',
        ExpressionAttributeValues: { ':project': project, ':projectId': projectId, ':from': from, ':to': `${to}#~` },
        ProjectionExpression: '#date, #hours, #activity',
        ExpressionAttributeNames: {
          '#project': 'project',
          '#date': 'date',
          '#hours': 'hours',
          '#activity': 'activity',
        },
      });
      return items.map((item) => ({
        date: String(item.date),
        hours: Number(item.hours),
        activity: String(item.activity),
      }));
    },
  };
}
