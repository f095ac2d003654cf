import { SSMClient } from '@aws-sdk/client-ssm';
import { clientOptions } from '@shared/aws/clients';

export const ssmClient = new SSMClient(clientOptions);
