import { SESClient } from '@aws-sdk/client-ses';
import { clientOptions } from '@shared/aws/clients';

export const sesClient = new SESClient(clientOptions);
