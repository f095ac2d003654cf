import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { clientOptions } from '@shared/aws/clients';

export const imagebuilderClient = new ImagebuilderClient(clientOptions);
