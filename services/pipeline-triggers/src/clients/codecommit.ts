import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { clientOptions } from '@shared/aws/clients';

export const codeCommitClient = new CodeCommitClient(clientOptions);
