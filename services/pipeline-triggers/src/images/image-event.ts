import { MalformedMessageError } from '@shared/sns/sns-messages';

/** What onImageBuilt needs from the image object Image Builder publishes to its SNS topic. */
export interface ImageEvent {
  imageArn: string;
  /** Name of the image pipeline that built it; absent for an image built outside a pipeline. */
  imagePipelineName?: string;
  status: string;
  reason?: string;
  amis: { region: string; image: string }[];
}

interface ImageMessage {
  arn?: unknown;
  sourcePipelineArn?: unknown;
  state?: { status?: unknown; reason?: unknown };
  outputResources?: { amis?: unknown };
}

const PIPELINE_ARN = /:image-pipeline\/([^/]+)$/;

function amisOf(value: unknown): ImageEvent['amis'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((ami: { region?: unknown; image?: unknown }) =>
    typeof ami?.region === 'string' && typeof ami.image === 'string' ? [{ region: ami.region, image: ami.image }] : [],
  );
}

/** Reads the parsed SNS message; a message without an image ARN or state is malformed. */
export function parseImageEvent(message: unknown): ImageEvent {
  const image = (typeof message === 'object' && message !== null ? message : {}) as ImageMessage;
  if (typeof image.arn !== 'string' || image.arn === '') {
    throw new MalformedMessageError('image message has no arn');
  }
  if (typeof image.state?.status !== 'string') {
    throw new MalformedMessageError(`image ${image.arn} has no state.status`);
  }
  const pipelineArn = typeof image.sourcePipelineArn === 'string' ? image.sourcePipelineArn : '';
  return {
    imageArn: image.arn,
    imagePipelineName: PIPELINE_ARN.exec(pipelineArn)?.[1],
    status: image.state.status,
    reason: typeof image.state.reason === 'string' ? image.state.reason : undefined,
    amis: amisOf(image.outputResources?.amis),
  };
}
