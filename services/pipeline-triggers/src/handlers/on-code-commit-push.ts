import { lambdaHandler } from '@shared/lambda-handler';
import { logger } from '@shared/logger';
import { imagebuilderClient } from '../clients/imagebuilder';
import { config } from '../config';
import { type CodeCommitEvent, pushFromCodeCommit } from '../source/codecommit-event';
import { buildImageForPush, type ImageBuildResult } from '../source/image-build';

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
  return buildImageForPush(imagebuilderClient, target, push);
});
