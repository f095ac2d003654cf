import { snsHandler } from '@shared/sns/sns-messages';
import { codePipeline } from '../clients/codepipeline';
import { sns } from '../clients/sns';
import { config } from '../config';
import { handleImageEvent, type ImageBuiltDeps } from '../images/image-built';
import { parseImageEvent } from '../images/image-event';

const deps: ImageBuiltDeps = {
  codePipeline,
  sns,
  alertsTopicArn: config.alertsTopicArn,
  targets: config.imagePipelineTargets,
  region: config.region,
};

/** Image Builder's SNS topic → start the mapped pipeline for an AVAILABLE image, alert on FAILED/CANCELLED. */
export const handler = snsHandler(async (message) => {
  await handleImageEvent(deps, parseImageEvent(message));
});
