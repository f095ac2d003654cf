import { SESClient } from '@aws-sdk/client-ses';
import { clientOptions } from '@shared/aws/clients';

// Pure: a bundle that never uses the client drops it (see ../wiring.ts).
export const sesClient = /* @__PURE__ */ new SESClient(clientOptions);
