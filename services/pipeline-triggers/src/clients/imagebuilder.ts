import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { clientOptions } from '@shared/aws/clients';

export const imageBuilder = new ImagebuilderClient(clientOptions);
