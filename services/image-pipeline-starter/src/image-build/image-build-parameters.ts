import { JobFailureError, parseUserParameters } from '@shared/pipeline/job';
import type { ImageBuildSettings } from './image-build-settings';

/** The action's `UserParameters`, validated. */
export interface ImageBuildParameters {
  imagePipelineArn: string;
  /** Wait for the image to be AVAILABLE (true, the default) or report success as soon as the build started. */
  wait: boolean;
}

const KNOWN_KEYS = ['imagePipelineArn', 'wait'];
const IMAGE_PIPELINE_ARN = /^arn:aws[a-z-]*:imagebuilder:([a-z0-9-]+):\d{12}:image-pipeline\/([\w-]+)$/i;
// Enough of a rejected value to recognise it in the console, without echoing a whole blob back.
const MAX_ECHOED_VALUE = 200;

function configurationError(message: string): JobFailureError {
  return new JobFailureError('ConfigurationError', message);
}

function echo(value: unknown): string {
  return JSON.stringify(value).slice(0, MAX_ECHOED_VALUE);
}

/** True when `name` matches an IAM-style pattern, where `*` is any run of characters and `?` any one character. */
export function matchesNamePattern(name: string, pattern: string): boolean {
  const source = pattern
    .split('')
    .map((character) => {
      if (character === '*') return '.*';
      if (character === '?') return '.';
      return character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`).test(name);
}

function parseImagePipelineArn(value: unknown, settings: ImageBuildSettings): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw configurationError(
      'UserParameters.imagePipelineArn is required: the ARN of the Image Builder pipeline to run',
    );
  }
  const match = IMAGE_PIPELINE_ARN.exec(value);
  if (!match) {
    throw configurationError(
      `UserParameters.imagePipelineArn is not an Image Builder image pipeline ARN: ${echo(value)}`,
    );
  }
  const [, region = '', name = ''] = match;
  if (region !== settings.region) {
    throw configurationError(
      `UserParameters.imagePipelineArn is in ${region}; this action runs in ${settings.region} and starts pipelines of its own region only`,
    );
  }
  if (!matchesNamePattern(name, settings.imagePipelineNamePattern)) {
    throw configurationError(
      `Image pipeline ${name} is not one this stage may start (allowed: ${settings.imagePipelineNamePattern})`,
    );
  }
  return value;
}

function parseWait(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') {
    throw configurationError(`UserParameters.wait must be true or false, got ${echo(value)}`);
  }
  return value;
}

/**
 * Validates the action's `UserParameters`, `{"imagePipelineArn": "...", "wait": true}`.
 * Every problem is a ConfigurationError whose message says what to fix.
 */
export function parseImageBuildParameters(raw: string | undefined, settings: ImageBuildSettings): ImageBuildParameters {
  const parameters = parseUserParameters(raw);
  const unknown = Object.keys(parameters).filter((key) => !KNOWN_KEYS.includes(key));
  if (unknown.length > 0) {
    throw configurationError(
      `UserParameters has unknown key(s) ${unknown.join(', ')}; expected ${KNOWN_KEYS.join(' and ')}`,
    );
  }
  return {
    imagePipelineArn: parseImagePipelineArn(parameters.imagePipelineArn, settings),
    wait: parseWait(parameters.wait),
  };
}
