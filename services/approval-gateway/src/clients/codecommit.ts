import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { clientOptions } from '@shared/aws/clients';

/** Only onApprovalNotification reads commits: pure, so the other bundles drop it. */
export const codeCommitClient = /* @__PURE__ */ new CodeCommitClient(clientOptions);
