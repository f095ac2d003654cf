/** The bench's representative invocation of the image build action (run by `npm run bench`). */
import type { CodePipelineEvent } from 'aws-lambda';
import { called, jobSucceeded, type ServiceBench } from '../../../scripts/bench/workload';
import { loadEvent } from '../../../test-support/events';

const IMAGE_PIPELINE_ARN = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/runway-dev-app-qat';

/** A first invocation of the action on the bench stage's QAT image pipeline. */
function imageBuildJob(): CodePipelineEvent {
  const event = loadEvent<CodePipelineEvent>('codepipeline', 'job');
  event['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters = JSON.stringify({
    imagePipelineArn: IMAGE_PIPELINE_ARN,
    wait: true,
  });
  return event;
}

const workload = { events: () => [imageBuildJob()], check: called('StartImagePipelineExecution', jobSucceeded) };

export const bench: ServiceBench = {
  setup: ({ recorder }) => {
    recorder.respond('StartImagePipelineExecution', {
      body: {
        requestId: 'bench',
        clientToken: 'bench',
        imageBuildVersionArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-dev-app-qat/1.0.0/3',
      },
    });
  },
  workloads: { imageBuildAction: { ...workload, peer: 'image_build' } },
  peers: {
    image_build: {
      envOf: 'imageBuildAction',
      does: 'CodePipeline job: Image Builder start_image_pipeline_execution, put_job_success_result',
      workload,
    },
  },
};
