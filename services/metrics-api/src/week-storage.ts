import { documentClient } from './clients/dynamodb';
import { config } from './config';
import { weekStore } from './store';
import { dynamoWeekEntries } from './weeks/week-entries';
import type { WeekStorage } from './weeks/week-service';

/** Weeks and their records, for the functions that need nothing else (reading a week, deciding one). */
export const weekStorage: WeekStorage = {
  weeks: weekStore,
  entries: dynamoWeekEntries(documentClient, config.activitiesTable),
};
