import { snsHandler } from '@shared/sns/sns-messages';
import { codePipelineClient } from '../clients/codepipeline';
import { snsClient } from '../clients/sns';
import { config } from '../config';
import { handleImageEvent, type ImageBuiltDeps } from '../images/image-built';
import { parseImageEvent } from '../images/image-event';

const deps: ImageBuiltDeps = {
  codePipeline: codePipelineClient,
  sns: snsClient,
  alertsTopicArn: config.alertsTopicArn,
  targets: config.imagePipelineTargets,
  region: config.region,
};

/** Image Builder's SNS topic → start the mapped pipeline for an AVAILABLE image, alert on FAILED/CANCELLED. */
export const handler = snsHandler(async (message) => {
  await handleImageEvent(deps, parseImageEvent(message));
});
