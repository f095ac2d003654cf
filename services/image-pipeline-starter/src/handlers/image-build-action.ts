import { pipelineJobHandler } from '@shared/pipeline/job';
import { codePipelineClient } from '../clients/codepipeline';
import { imagebuilderClient } from '../clients/imagebuilder';
import { config } from '../config';
import { runImageBuildAction } from '../image-build/image-build-action';
import { imageBuildsOf } from '../image-build/image-builds';

const imageBuilds = imageBuildsOf(imagebuilderClient);

/** CodePipeline Lambda invoke action: builds an AMI with an Image Builder pipeline and reports the result. */
export const handler = pipelineJobHandler(codePipelineClient, (job) =>
  runImageBuildAction(job, { imageBuilds, settings: config, now: new Date() }),
);
