import { snsHandler } from '@shared/sns/sns-messages';
import { autoScalingClient } from '../clients/auto-scaling';
import { codePipelineClient } from '../clients/codepipeline';
import { snsClient } from '../clients/sns';
import { config } from '../config';
import { handleImageEvent, type ImageBuiltDeps } from '../images/image-built';
import { parseImageEvent } from '../images/image-event';

const deps: ImageBuiltDeps = {
  codePipeline: codePipelineClient,
  autoScaling: autoScalingClient,
  sns: snsClient,
  alertsTopicArn: config.alertsTopicArn,
  targets: config.imagePipelineTargets,
  fleets: config.imagePipelineFleets,
  region: config.region,
};

/**
 * Image Builder's SNS topic → for an AVAILABLE image, the track's fleet follows its new default
 * launch template version and the mapped pipeline starts; alert on FAILED/CANCELLED.
 */
export const handler = snsHandler(async (message) => {
  await handleImageEvent(deps, parseImageEvent(message));
});
