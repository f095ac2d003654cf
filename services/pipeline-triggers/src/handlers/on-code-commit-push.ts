import { codeCommitRepositoryKey } from '@shared/approvals/change-authors';
import { lambdaHandler } from '@shared/lambda-handler';
import { logger } from '@shared/logger';
import { imagebuilderClient } from '../clients/imagebuilder';
import { config } from '../config';
import { type CodeCommitEvent, codeCommitPusher, pushFromCodeCommit } from '../source/codecommit-event';
import { buildImageForPush, type ImageBuildResult } from '../source/image-build';
import { decidePush } from '../source/source-push';
import { pushAuthors } from '../wiring';

const target = {
  repository: config.codeCommitRepository,
  branch: config.sourceBranch,
  imagePipelineArn: config.qatImagePipelineArn,
};

/** EventBridge "CodeCommit Repository State Change" → QAT image build for the configured branch. */
export const handler = lambdaHandler(async (event: CodeCommitEvent): Promise<ImageBuildResult> => {
  const push = pushFromCodeCommit(event);
  if (!push) {
    const reason = `${event.detail.event} is not a reference change`;
    logger.info('CodeCommit event ignored', { eventId: event.id, reason });
    return { started: false, reason };
  }
  const decision = decidePush(push, target);
  // Kept before the build starts: the two-person rule refuses a release whose pusher it cannot tell.
  if (decision.build) {
    const repository = codeCommitRepositoryKey(push.repository);
    await pushAuthors.record(
      { repository, commitId: decision.commitId, identities: codeCommitPusher(event) },
      new Date(),
    );
  }
  return buildImageForPush(imagebuilderClient, target, push);
});
