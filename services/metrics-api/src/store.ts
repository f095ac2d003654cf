import { dynamoActivityStore } from './activities/activity-store';
import { documentClient } from './clients/dynamodb';
import { config } from './config';

/** The store every handler of this service uses, created once per container. */
export const store = dynamoActivityStore(documentClient, config.activitiesTable);
