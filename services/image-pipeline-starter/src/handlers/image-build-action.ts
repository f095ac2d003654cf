import { pipelineJobHandler } from '@shared/pipeline/job';
import { codePipelineClient } from '../clients/code-pipeline';
import { imageBuilderClient } from '../clients/image-builder';
import { config } from '../config';
import { runImageBuildAction } from '../image-build/image-build-action';
import { imageBuildsOf } from '../image-build/image-builds';

const imageBuilds = imageBuildsOf(imageBuilderClient);

/** CodePipeline Lambda invoke action: builds an AMI with an Image Builder pipeline and reports the result. */
export const handler = pipelineJobHandler(codePipelineClient, (job) =>
  runImageBuildAction(job, { imageBuilds, settings: config, now: new Date() }),
);
