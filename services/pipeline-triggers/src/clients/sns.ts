import { SNSClient } from '@aws-sdk/client-sns';
import { clientOptions } from '@shared/aws/clients';

export const snsClient = new SNSClient(clientOptions);
