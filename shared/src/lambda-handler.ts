import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';

/**
 * Wraps a handler that has no HTTP stack (SNS, EventBridge, CodePipeline jobs) so that, like the
 * HTTP and HTML stacks, every log line of an invocation carries the Lambda request id, function
 * name and cold start (Powertools `injectLambdaContext`).
 */
export function lambdaHandler<TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
): (event: TEvent, context?: Context) => Promise<TResult> {
  const stack = middy<TEvent, TResult>().use(injectLambdaContext(logger)).handler(handler);
  // Lambda always passes a context; a test may leave it out, and Middy then uses {}.
  return (event, context) => stack(event, context as Context);
}
