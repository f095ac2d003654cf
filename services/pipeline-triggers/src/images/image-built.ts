import { createHash } from 'node:crypto';
import { type AutoScalingClient, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { type CodePipelineClient, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { errorMessage, errorName } from '@shared/errors';
import { logger } from '@shared/logger';
import { imageAlert } from './image-alert';
import type { ImageEvent } from './image-event';

export interface ImageBuiltDeps {
  codePipeline: CodePipelineClient;
  autoScaling: AutoScalingClient;
  sns: SNSClient;
  alertsTopicArn: string;
  /** Image pipeline name → CodePipeline pipeline name. */
  targets: ReadonlyMap<string, string>;
  /** Image pipeline name → the Auto Scaling group (and launch template, same name) of its fleet. */
  fleets: ReadonlyMap<string, string>;
  /** Region whose AMI the pipeline deploys. */
  region: string;
}

export type ImageBuiltOutcome =
  | { result: 'started'; pipelineName: string; pipelineExecutionId?: string }
  | { result: 'alerted'; pipelineName: string; problem: string }
  | { result: 'ignored'; reason: string };

const NOT_BUILT = new Set(['FAILED', 'CANCELLED']);

/**
 * The pipeline's idempotency token: one image ARN always gives the same token
 * (CodePipeline allows 1–128 of `[a-zA-Z0-9-]`), so a redelivered SNS message
 * never starts a second execution.
 */
export function pipelineRequestToken(imageArn: string): string {
  return createHash('sha256').update(imageArn).digest('hex');
}

/** Client errors a retry can fix: throttling, and CodePipeline's ConflictException ("the pipeline is busy"). */
const TRANSIENT = /Throttl|TooManyRequests|LimitExceeded|Conflict/i;

/** An SDK error that a retry cannot fix: the service blamed the request (missing pipeline, undeclared variable). */
function isPermanent(error: unknown): boolean {
  const fault = (error as { $fault?: string } | undefined)?.$fault;
  const retryable = (error as { $retryable?: unknown } | undefined)?.$retryable;
  return fault === 'client' && !retryable && !TRANSIENT.test(errorName(error) ?? '');
}

async function alert(
  deps: ImageBuiltDeps,
  image: ImageEvent,
  pipelineName: string,
  problem: string,
  reason?: string,
): Promise<ImageBuiltOutcome> {
  const imagePipelineName = image.imagePipelineName ?? 'unknown';
  const { subject, message } = imageAlert({
    imagePipelineName,
    pipelineName,
    imageArn: image.imageArn,
    problem,
    reason,
  });
  await deps.sns.send(new PublishCommand({ TopicArn: deps.alertsTopicArn, Subject: subject, Message: message }));
  logger.warn('Image alert published', { imageArn: image.imageArn, pipelineName, problem, reason });
  return { result: 'alerted', pipelineName, problem };
}

/**
 * Points the track's Auto Scaling group at its launch template's `$Default` version, which the
 * image's distribution has just set: new instances (maximum lifetime, scale-out, replacements)
 * launch from the new image. CloudFormation's AutoScalingGroup takes only a version number, so
 * the stack sets the default of deploy time and this call, which the Auto Scaling API documents
 * for `$Default`, makes the group follow the distributions. Idempotent; a permanent refusal
 * alerts (the pipeline still starts: the release itself does not need the new instances).
 */
async function followDefaultVersion(deps: ImageBuiltDeps, image: ImageEvent, pipelineName: string): Promise<void> {
  const fleet = image.imagePipelineName ? deps.fleets.get(image.imagePipelineName) : undefined;
  if (!fleet) return;
  try {
    await deps.autoScaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: fleet,
        LaunchTemplate: { LaunchTemplateName: fleet, Version: '$Default' },
      }),
    );
    logger.info('Fleet follows the new default launch template version', { fleet, imageArn: image.imageArn });
  } catch (error) {
    if (!isPermanent(error)) throw error;
    await alert(
      deps,
      image,
      pipelineName,
      `fleet ${fleet} could not be pointed at its launch template's default version`,
      `${errorName(error)}: ${errorMessage(error)}`,
    );
  }
}

async function startPipeline(
  deps: ImageBuiltDeps,
  image: ImageEvent,
  pipelineName: string,
  amiId: string,
): Promise<ImageBuiltOutcome> {
  try {
    const { pipelineExecutionId } = await deps.codePipeline.send(
      new StartPipelineExecutionCommand({
        name: pipelineName,
        variables: [
          { name: 'AMI_ID', value: amiId },
          { name: 'IMAGE_ARN', value: image.imageArn },
        ],
        clientRequestToken: pipelineRequestToken(image.imageArn),
      }),
    );
    logger.info('Pipeline started for new image', {
      pipelineName,
      pipelineExecutionId,
      amiId,
      imageArn: image.imageArn,
    });
    return { result: 'started', pipelineName, pipelineExecutionId };
  } catch (error) {
    if (!isPermanent(error)) throw error;
    return alert(
      deps,
      image,
      pipelineName,
      'pipeline could not be started',
      `${errorName(error)}: ${errorMessage(error)}`,
    );
  }
}

/**
 * AVAILABLE → point the track's fleet at its launch template's default version (the image's
 * distribution set it), then start the pipeline mapped to the image pipeline with AMI_ID and
 * IMAGE_ARN; FAILED or CANCELLED → alert and start nothing; unknown image
 * pipelines and other states are ignored with a log line. Transient AWS errors
 * are thrown (the invocation is retried, idempotently); permanent ones alert.
 */
export async function handleImageEvent(deps: ImageBuiltDeps, image: ImageEvent): Promise<ImageBuiltOutcome> {
  const pipelineName = image.imagePipelineName ? deps.targets.get(image.imagePipelineName) : undefined;
  if (!pipelineName) {
    const reason = `image pipeline ${image.imagePipelineName ?? '(none)'} is not mapped to a pipeline`;
    logger.info('Image event ignored', { imageArn: image.imageArn, reason });
    return { result: 'ignored', reason };
  }
  if (NOT_BUILT.has(image.status)) {
    return alert(deps, image, pipelineName, `image build ${image.status}`, image.reason);
  }
  if (image.status !== 'AVAILABLE') {
    const reason = `image status ${image.status} starts nothing`;
    logger.info('Image event ignored', { imageArn: image.imageArn, reason });
    return { result: 'ignored', reason };
  }
  const ami = image.amis.find((candidate) => candidate.region === deps.region);
  if (!ami) {
    return alert(deps, image, pipelineName, `image AVAILABLE without an AMI in ${deps.region}`);
  }
  await followDefaultVersion(deps, image, pipelineName);
  return startPipeline(deps, image, pipelineName, ami.image);
}
