import { optionalEnv, requireEnv } from '@shared/config';
import { DEFAULT_MAX_WAIT_HOURS, type ImageBuildSettings, parseMaxWaitHours } from './image-build/image-build-settings';

export const ENV = {
  /** Set by the Lambda runtime. */
  region: 'AWS_REGION',
  imagePipelineNamePattern: 'IMAGE_PIPELINE_NAME_PATTERN',
  maxWaitHours: 'MAX_WAIT_HOURS',
} as const;

export const config: ImageBuildSettings = {
  region: requireEnv(ENV.region),
  imagePipelineNamePattern: requireEnv(ENV.imagePipelineNamePattern),
  maxWaitHours: parseMaxWaitHours(optionalEnv(ENV.maxWaitHours, String(DEFAULT_MAX_WAIT_HOURS)), ENV.maxWaitHours),
};
