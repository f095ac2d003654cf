import { logger } from '@shared/logger';
import { isTransientAwsError, type JobOutcome, type PipelineJob } from '@shared/pipeline/job';
import {
  clientTokenFor,
  decodeContinuationToken,
  encodeContinuationToken,
  type ImageBuildProgress,
} from './continuation-token';
import { parseImageBuildParameters } from './image-build-parameters';
import type { ImageBuildSettings } from './image-build-settings';
import type { ImageBuildState, ImageBuilds } from './image-builds';

export interface ImageBuildContext {
  imageBuilds: ImageBuilds;
  settings: ImageBuildSettings;
  now: Date;
}

/** Output variables the action reports, for later actions to use as #{namespace.NAME}. */
export const OUTPUT = {
  imageBuildVersionArn: 'IMAGE_BUILD_VERSION_ARN',
  amiId: 'AMI_ID',
  imageArn: 'IMAGE_ARN',
} as const;

// Image Builder statuses of a build that is still on its way to AVAILABLE.
const IN_PROGRESS = new Set(['PENDING', 'CREATING', 'BUILDING', 'TESTING', 'DISTRIBUTING', 'INTEGRATING']);
// Statuses from which a build never becomes AVAILABLE.
const ENDED_WITHOUT_IMAGE = new Set(['FAILED', 'CANCELLED', 'DEPRECATED', 'DELETED', 'DISABLED']);

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

async function startImageBuild(
  job: PipelineJob,
  { imageBuilds, settings, now }: ImageBuildContext,
): Promise<JobOutcome> {
  const { imagePipelineArn, wait } = parseImageBuildParameters(job.userParameters, settings);
  const imageBuildVersionArn = await imageBuilds.start({ imagePipelineArn, clientToken: clientTokenFor(job.id) });
  logger.info('Image build started', { jobId: job.id, imagePipelineArn, imageBuildVersionArn, wait });
  if (!wait) {
    return {
      result: 'success',
      outputVariables: { [OUTPUT.imageBuildVersionArn]: imageBuildVersionArn },
      summary: `Started image build ${imageBuildVersionArn}`,
    };
  }
  return {
    result: 'continue',
    continuationToken: encodeContinuationToken({ imageBuildVersionArn, startedAt: now.toISOString() }),
    summary: `Started image build ${imageBuildVersionArn}; waiting for it to become AVAILABLE`,
  };
}

function availableOutcome(progress: ImageBuildProgress, state: ImageBuildState, region: string): JobOutcome {
  const ami = state.amis.find((candidate) => candidate.region === region && candidate.image);
  if (!ami?.image) {
    return {
      result: 'failure',
      type: 'JobFailed',
      message: `Image build ${progress.imageBuildVersionArn} is AVAILABLE but produced no AMI in ${region}`,
    };
  }
  return {
    result: 'success',
    outputVariables: { [OUTPUT.amiId]: ami.image, [OUTPUT.imageArn]: progress.imageBuildVersionArn },
    summary: `Image build ${progress.imageBuildVersionArn} is AVAILABLE as ${ami.image}`,
  };
}

function waitingOutcome(
  token: string,
  progress: ImageBuildProgress,
  status: string,
  context: ImageBuildContext,
): JobOutcome {
  const waitedMs = context.now.getTime() - Date.parse(progress.startedAt);
  const { maxWaitHours } = context.settings;
  if (waitedMs >= maxWaitHours * HOUR_MS) {
    return {
      result: 'failure',
      type: 'JobFailed',
      message: `Gave up after waiting ${maxWaitHours} hours: image build ${progress.imageBuildVersionArn} is still ${status}`,
    };
  }
  return {
    result: 'continue',
    continuationToken: token,
    summary: `Image build ${progress.imageBuildVersionArn} is ${status} after ${Math.floor(waitedMs / MINUTE_MS)} minutes`,
  } satisfies JobOutcome;
}

/** Reads the build's state; a throttled or briefly unavailable Image Builder means "ask again next time". */
async function readState(imageBuilds: ImageBuilds, arn: string): Promise<ImageBuildState | 'unknown'> {
  try {
    return await imageBuilds.get(arn);
  } catch (error) {
    if (!isTransientAwsError(error)) throw error;
    logger.warn('Image Builder did not answer; asking again on the next invocation', {
      imageBuildVersionArn: arn,
      error,
    });
    return 'unknown';
  }
}

async function followImageBuild(token: string, context: ImageBuildContext): Promise<JobOutcome> {
  const progress = decodeContinuationToken(token);
  const state = await readState(context.imageBuilds, progress.imageBuildVersionArn);
  if (state === 'unknown') return waitingOutcome(token, progress, 'in an unknown state', context);
  const status = state.status ?? 'UNKNOWN';
  logger.info('Image build status', { imageBuildVersionArn: progress.imageBuildVersionArn, status });
  if (status === 'AVAILABLE') return availableOutcome(progress, state, context.settings.region);
  if (ENDED_WITHOUT_IMAGE.has(status)) {
    return {
      result: 'failure',
      type: 'JobFailed',
      message: `Image build ${progress.imageBuildVersionArn} is ${status}: ${state.reason ?? 'Image Builder gave no reason'}`,
    };
  }
  if (!IN_PROGRESS.has(status)) {
    // A status this code does not know yet: keep waiting, bounded by the maximum wait, rather than fail a good build.
    logger.warn('Unknown image build status; waiting', { imageBuildVersionArn: progress.imageBuildVersionArn, status });
  }
  return waitingOutcome(token, progress, status, context);
}

/**
 * One invocation of the image build action. The first starts the image
 * pipeline (idempotently, keyed on the job id) and either reports success at
 * once (`wait: false`) or continues; each continuation looks at the build
 * until it is AVAILABLE, has ended without an image, or has taken longer than
 * the maximum wait.
 */
export function runImageBuildAction(job: PipelineJob, context: ImageBuildContext): Promise<JobOutcome> {
  return job.continuationToken === undefined
    ? startImageBuild(job, context)
    : followImageBuild(job.continuationToken, context);
}
