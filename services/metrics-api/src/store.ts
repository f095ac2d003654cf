import { dynamoActivityStore } from './activities/activity-store';
import { documentClient } from './clients/dynamodb';
import { config } from './config';
import { dynamoWeekStore } from './weeks/week-store';

/** The store every handler of this service uses, created once per container. */
export const store = dynamoActivityStore(documentClient, config.activitiesTable);

/** The week states: the week functions, and the lock check of every activity write. */
export const weekStore = dynamoWeekStore(documentClient, config.weeksTable);
