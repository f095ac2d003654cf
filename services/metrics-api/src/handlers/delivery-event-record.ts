import { lambdaHandler } from '@shared/lambda-handler';
import { logger } from '@shared/logger';
import { deploymentChange, pipelineChange } from '../delivery/delivery-change';
import validateCodeDeploy from '../delivery/generated/codedeploy-event';
import validateCodePipeline from '../delivery/generated/codepipeline-event';
import { recordChange } from '../delivery/recorder';
import { recorderDeps } from '../wiring';

const deps = recorderDeps();

/**
 * EventBridge: CodePipeline execution, stage and action changes and CodeDeploy deployment changes,
 * recorded once each (docs/delivery-metrics.md). An event of another shape is logged and dropped:
 * retrying it would never succeed.
 */
export const handler = lambdaHandler(async (event: unknown) => {
  const change = validateCodePipeline(event)
    ? pipelineChange(event)
    : validateCodeDeploy(event)
      ? deploymentChange(event)
      : undefined;
  if (change === undefined) {
    logger.warn('Delivery event refused', { errors: validateCodePipeline.errors ?? validateCodeDeploy.errors });
    return { recorded: false };
  }
  const outcome = await recordChange(deps, change);
  logger.info('Delivery event', { eventId: change.eventId, outcome });
  return { recorded: outcome === 'recorded' };
});
