import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { clientOptions } from '@shared/aws/clients';

// Pure: a bundle that never uses the client drops it (see ../wiring.ts).
export const codePipelineClient = /* @__PURE__ */ new CodePipelineClient(clientOptions);
