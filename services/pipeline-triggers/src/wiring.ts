import { dynamoPushAuthors } from '@shared/approvals/change-authors';
import { documentClient } from './clients/dynamodb';
import { config } from './config';

/** Who pushed each change: written by the push handlers, read by the two-person rule; one per container. */
export const pushAuthors = dynamoPushAuthors(documentClient, config.sourceAuthorsTable);
