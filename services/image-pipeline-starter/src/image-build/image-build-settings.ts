/** What the image build action needs to know about its stage. */
export interface ImageBuildSettings {
  /** The only region whose pipelines and AMIs the action deals with. */
  region: string;
  /** Name of the Image Builder pipelines this stage may start; `*` and `?` wildcards as in IAM. */
  imagePipelineNamePattern: string;
  /** Hours to wait for an image before failing the action. */
  maxWaitHours: number;
}

export const DEFAULT_MAX_WAIT_HOURS = 4;
// CodePipeline fails a Lambda action after 24 hours whatever we do; give up cleanly before that.
const CODEPIPELINE_ACTION_LIMIT_HOURS = 24;

/** Reads the maximum wait: a positive number of hours below CodePipeline's own 24-hour limit. */
export function parseMaxWaitHours(raw: string, name = 'MAX_WAIT_HOURS'): number {
  const hours = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(hours) || hours <= 0 || hours >= CODEPIPELINE_ACTION_LIMIT_HOURS) {
    throw new Error(
      `${name} must be a number of hours above 0 and below ${CODEPIPELINE_ACTION_LIMIT_HOURS}, got "${raw}"`,
    );
  }
  return hours;
}
