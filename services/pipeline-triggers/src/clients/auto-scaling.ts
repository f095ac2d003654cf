import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { clientOptions } from '@shared/aws/clients';

export const autoScalingClient = new AutoScalingClient(clientOptions);
