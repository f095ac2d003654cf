import { createHash } from 'node:crypto';
import { JobFailureError } from '@shared/pipeline/job';

/** What a waiting action carries from one invocation to the next in CodePipeline's continuation token. */
export interface ImageBuildProgress {
  imageBuildVersionArn: string;
  /** ISO 8601 time of the invocation that started the build; the maximum wait counts from here. */
  startedAt: string;
}

export function encodeContinuationToken(progress: ImageBuildProgress): string {
  return JSON.stringify({ imageBuildVersionArn: progress.imageBuildVersionArn, startedAt: progress.startedAt });
}

/** Reads a token written by `encodeContinuationToken`; anything else fails the job rather than guessing. */
export function decodeContinuationToken(token: string): ImageBuildProgress {
  let parsed: unknown;
  try {
    parsed = JSON.parse(token);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const { imageBuildVersionArn, startedAt } = parsed as Record<string, unknown>;
    if (
      typeof imageBuildVersionArn === 'string' &&
      typeof startedAt === 'string' &&
      !Number.isNaN(Date.parse(startedAt))
    ) {
      return { imageBuildVersionArn, startedAt };
    }
  }
  throw new JobFailureError(
    'JobFailed',
    'The continuation token is not one this action issued; cannot tell which image build to follow',
  );
}

// Image Builder limits clientToken in length (36 characters in older API documentation, 64 today).
const MAX_CLIENT_TOKEN_LENGTH = 36;

/**
 * The idempotency token of the build started for a job. CodePipeline job ids are
 * UUIDs (36 characters) and are used as they are, so a retried invocation of the
 * same job never starts a second build; a longer id is hashed to a stable token.
 */
export function clientTokenFor(jobId: string): string {
  if (jobId.length <= MAX_CLIENT_TOKEN_LENGTH) return jobId;
  return createHash('sha256').update(jobId).digest('hex').slice(0, MAX_CLIENT_TOKEN_LENGTH);
}
