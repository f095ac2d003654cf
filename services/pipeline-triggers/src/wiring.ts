import { documentClient } from './clients/dynamodb';
import { config } from './config';
import { dynamoSourceAuthors } from './source/source-authors-store';

/** Who wrote and pushed each GitHub push: written by onGithubPush, read by the two-person rule; one per container. */
export const sourceAuthors = dynamoSourceAuthors(documentClient, config.sourceAuthorsTable);
