import { SNSClient } from '@aws-sdk/client-sns';
import { clientOptions } from '@shared/aws/clients';

export const sns = new SNSClient(clientOptions);
