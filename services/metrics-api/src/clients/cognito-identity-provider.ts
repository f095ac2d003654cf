import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { clientOptions } from '@shared/aws/clients';

// Pure: a bundle that never uses the client drops it (see ../wiring.ts).
export const cognitoIdentityProviderClient = /* @__PURE__ */ new CognitoIdentityProviderClient(clientOptions);
