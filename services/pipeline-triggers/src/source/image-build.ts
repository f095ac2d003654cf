import { createHash } from 'node:crypto';
import { type ImagebuilderClient, StartImagePipelineExecutionCommand } from '@aws-sdk/client-imagebuilder';
import { logger } from '@shared/logger';
import { type BuildSource, decidePush, type SourcePush } from './source-push';

/** Image Builder accepts at most 36 characters (64 in newer docs); 32 hex characters fit both. */
const CLIENT_TOKEN_LENGTH = 32;

/**
 * The idempotency token of an image build: the same commit on the same image
 * pipeline always gives the same token, so a redelivered event or webhook (or
 * the same commit seen through CodeCommit and GitHub) never starts a second build.
 */
export function imageBuildClientToken(imagePipelineArn: string, commitId: string): string {
  return createHash('sha256').update(`${imagePipelineArn}\n${commitId}`).digest('hex').slice(0, CLIENT_TOKEN_LENGTH);
}

export interface ImageBuildTarget extends BuildSource {
  imagePipelineArn: string;
}

export type ImageBuildResult =
  | { started: true; commitId: string; clientToken: string; imageBuildVersionArn?: string }
  | { started: false; reason: string };

/** Starts the QAT image pipeline for a push to the configured branch; anything else is ignored with a log line. */
export async function buildImageForPush(
  client: ImagebuilderClient,
  target: ImageBuildTarget,
  push: SourcePush,
): Promise<ImageBuildResult> {
  const decision = decidePush(push, target);
  if (!decision.build) {
    logger.info('Push ignored', { origin: push.origin, repository: push.repository, reason: decision.reason });
    return { started: false, reason: decision.reason };
  }
  const clientToken = imageBuildClientToken(target.imagePipelineArn, decision.commitId);
  const response = await client.send(
    new StartImagePipelineExecutionCommand({ imagePipelineArn: target.imagePipelineArn, clientToken }),
  );
  logger.info('Image build started', {
    origin: push.origin,
    commitId: decision.commitId,
    imagePipelineArn: target.imagePipelineArn,
    imageBuildVersionArn: response.imageBuildVersionArn,
    clientToken,
  });
  return {
    started: true,
    commitId: decision.commitId,
    clientToken,
    imageBuildVersionArn: response.imageBuildVersionArn,
  };
}
