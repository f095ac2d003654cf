import {
  GetImageCommand,
  type ImagebuilderClient,
  StartImagePipelineExecutionCommand,
} from '@aws-sdk/client-imagebuilder';

/** An image build as the action sees it: its status, Image Builder's reason, and the AMIs it produced. */
export interface ImageBuildState {
  status: string | undefined;
  reason: string | undefined;
  amis: { region: string | undefined; image: string | undefined }[];
}

/** The two Image Builder operations the action uses. */
export interface ImageBuilds {
  /** Starts a pipeline execution and returns the image build version ARN it created. */
  start(request: { imagePipelineArn: string; clientToken: string }): Promise<string>;
  get(imageBuildVersionArn: string): Promise<ImageBuildState>;
}

export function imageBuildsOf(client: ImagebuilderClient): ImageBuilds {
  return {
    async start({ imagePipelineArn, clientToken }) {
      const output = await client.send(new StartImagePipelineExecutionCommand({ imagePipelineArn, clientToken }));
      if (!output.imageBuildVersionArn) {
        throw new Error(`StartImagePipelineExecution for ${imagePipelineArn} returned no imageBuildVersionArn`);
      }
      return output.imageBuildVersionArn;
    },
    async get(imageBuildVersionArn) {
      const { image } = await client.send(new GetImageCommand({ imageBuildVersionArn }));
      return {
        status: image?.state?.status,
        reason: image?.state?.reason,
        amis: (image?.outputResources?.amis ?? []).map((ami) => ({ region: ami.region, image: ami.image })),
      };
    },
  };
}
