import {
  type CodePipelineClient,
  type FailureType,
  PutJobFailureResultCommand,
  PutJobSuccessResultCommand,
} from '@aws-sdk/client-codepipeline';
import type { CodePipelineEvent } from 'aws-lambda';
import { errorMessage, errorName } from '../errors';
import { lambdaHandler } from '../lambda-handler';
import { logger } from '../logger';

/** What a pipeline action needs from its CodePipeline job; artifact credentials are deliberately left out. */
export interface PipelineJob {
  id: string;
  accountId: string;
  /** Raw `UserParameters` of the action configuration, if any. */
  userParameters?: string;
  /** Present on a continuation invocation. */
  continuationToken?: string;
}

/** How a job ends; exactly one of these is reported to CodePipeline per invocation. */
export type JobOutcome =
  | { result: 'success'; outputVariables?: Record<string, string>; summary?: string }
  | { result: 'continue'; continuationToken: string; summary?: string }
  | { result: 'failure'; type: FailureType; message: string };

/** A failure the action knows how to describe; anything else thrown becomes a JobFailed. */
export class JobFailureError extends Error {
  override name = 'JobFailureError';
  constructor(
    readonly type: FailureType,
    message: string,
  ) {
    super(message);
  }
}

// CodePipeline's limits: failure message 5000 characters, execution summary 2048.
const MAX_FAILURE_MESSAGE = 5000;
const MAX_SUMMARY = 2048;

/** Reads the job from a CodePipeline Lambda invoke event without touching its credentials. */
export function pipelineJob(event: CodePipelineEvent): PipelineJob {
  const job = event['CodePipeline.job'];
  const data = job.data as typeof job.data & { continuationToken?: string };
  return {
    id: job.id,
    accountId: job.accountId,
    userParameters: data.actionConfiguration?.configuration?.UserParameters,
    continuationToken: data.continuationToken,
  };
}

// Error codes of throttling and temporary unavailability across the services pipeline actions call
// (Image Builder throttles with CallRateLimitExceededException, EC2 with RequestLimitExceeded).
const TRANSIENT_ERROR_NAME = /Throttl|TooManyRequests|ServiceUnavailable|RateLimitExceeded|RequestLimitExceeded/i;

/**
 * True for an AWS error that says "try again later" (throttling, service
 * unavailable) rather than "this request is wrong". The SDK has already retried
 * such an error by the time it reaches the caller.
 */
export function isTransientAwsError(error: unknown): boolean {
  const name = errorName(error);
  return name !== undefined && TRANSIENT_ERROR_NAME.test(name);
}

function outcomeOf(error: unknown): JobOutcome {
  if (error instanceof JobFailureError) return { result: 'failure', type: error.type, message: error.message };
  return {
    result: 'failure',
    type: isTransientAwsError(error) ? 'SystemUnavailable' : 'JobFailed',
    message: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`,
  };
}

async function report(client: CodePipelineClient, jobId: string, outcome: JobOutcome): Promise<void> {
  if (outcome.result === 'failure') {
    await client.send(
      new PutJobFailureResultCommand({
        jobId,
        failureDetails: { type: outcome.type, message: outcome.message.slice(0, MAX_FAILURE_MESSAGE) },
      }),
    );
    return;
  }
  const summary = outcome.summary?.slice(0, MAX_SUMMARY);
  await client.send(
    new PutJobSuccessResultCommand({
      jobId,
      ...(outcome.result === 'continue'
        ? { continuationToken: outcome.continuationToken }
        : { outputVariables: outcome.outputVariables }),
      ...(summary ? { executionDetails: { summary } } : {}),
    }),
  );
}

/**
 * Runs a CodePipeline job handler and reports its outcome: every path, a
 * thrown error included, ends in exactly one PutJobSuccessResult or
 * PutJobFailureResult. Output variables and a continuation token are never
 * sent together (CodePipeline rejects that). If reporting itself fails, the
 * error propagates so Lambda's retry runs the (idempotent) job again.
 */
export async function runPipelineJob(
  event: CodePipelineEvent,
  client: CodePipelineClient,
  work: (job: PipelineJob) => Promise<JobOutcome>,
): Promise<JobOutcome> {
  const job = pipelineJob(event);
  let outcome: JobOutcome;
  try {
    outcome = await work(job);
  } catch (error) {
    outcome = outcomeOf(error);
  }
  logger.info('Reporting pipeline job result', {
    jobId: job.id,
    result: outcome.result,
    ...(outcome.result === 'failure' ? { failureType: outcome.type, failureMessage: outcome.message } : {}),
  });
  await report(client, job.id, outcome);
  return outcome;
}

/**
 * The Lambda handler of a CodePipeline invoke action: {@link runPipelineJob} with `work`, with the
 * invocation's request id on every log line.
 */
export function pipelineJobHandler(client: CodePipelineClient, work: (job: PipelineJob) => Promise<JobOutcome>) {
  return lambdaHandler(async (event: CodePipelineEvent): Promise<void> => {
    await runPipelineJob(event, client, work);
  });
}

/** Parses `UserParameters` as a JSON object; a ConfigurationError names what is wrong. */
export function parseUserParameters(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') {
    throw new JobFailureError('ConfigurationError', 'UserParameters is missing: expected a JSON object');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new JobFailureError('ConfigurationError', 'UserParameters is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new JobFailureError('ConfigurationError', 'UserParameters must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
