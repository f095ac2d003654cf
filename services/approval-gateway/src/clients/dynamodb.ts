import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientOptions } from '@shared/aws/clients';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(clientOptions), {
  marshallOptions: { removeUndefinedValues: true },
});
