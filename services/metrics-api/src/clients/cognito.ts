import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { clientOptions } from '@shared/aws/clients';

export const cognitoClient = new CognitoIdentityProviderClient(clientOptions);
