import { optionalEnv, requireEnv } from '@shared/config';

export const ENV = {
  sourceBranch: 'SOURCE_BRANCH',
  codeCommitRepository: 'CODECOMMIT_REPOSITORY',
  githubRepository: 'GITHUB_REPOSITORY',
  githubWebhookSecretParameter: 'GITHUB_WEBHOOK_SECRET_PARAMETER',
  qatImagePipelineArn: 'QAT_IMAGE_PIPELINE_ARN',
  imagePipelineTargets: 'IMAGE_PIPELINE_TARGETS',
  imagePipelineFleets: 'IMAGE_PIPELINE_FLEETS',
  alertsTopicArn: 'ALERTS_TOPIC_ARN',
  approvalsTable: 'APPROVALS_TABLE',
  approvalGatewayRoleName: 'APPROVAL_GATEWAY_ROLE_NAME',
  approverDirectoryParameter: 'APPROVER_DIRECTORY_PARAMETER',
  sourceAuthorsTable: 'SOURCE_AUTHORS_TABLE',
  /** Set by the Lambda runtime. */
  region: 'AWS_REGION',
  /** Set by the Lambda runtime. */
  functionName: 'AWS_LAMBDA_FUNCTION_NAME',
} as const;

export interface Config {
  sourceBranch: string;
  codeCommitRepository: string;
  /** `owner/name`, as GitHub's `repository.full_name`. */
  githubRepository: string;
  githubWebhookSecretParameter: string;
  qatImagePipelineArn: string;
  /** Image Builder image pipeline name → CodePipeline pipeline name. */
  imagePipelineTargets: ReadonlyMap<string, string>;
  /**
   * Image Builder image pipeline name → the Auto Scaling group that runs its images, whose launch
   * template (of the same name) the pipeline's distribution gives a new default version.
   */
  imagePipelineFleets: ReadonlyMap<string, string>;
  alertsTopicArn: string;
  approvalsTable: string;
  /** Role name of this stage's approval-gateway decide function; its `updatedBy` is not a person. */
  approvalGatewayRoleName: string;
  /** SSM parameter holding the approver directory (shared/src/approvals/approver-directory.ts). */
  approverDirectoryParameter: string;
  /** Who wrote and pushed each GitHub push's commits (resources/source-authors.yml). */
  sourceAuthorsTable: string;
  /** The function's own region (set by Lambda): the AMI of this region is deployed. */
  region: string;
  /** The function's own name (set by Lambda), when it runs in Lambda. */
  functionName?: string;
}

const NAME = /^[A-Za-z0-9.@\-_]+$/;

/** Parses `imagePipeline=name,imagePipeline=name` from the variable `variable` (`what` names the right side). */
function parseImagePipelineMap(raw: string, variable: string, what: string): ReadonlyMap<string, string> {
  const targets = new Map<string, string>();
  for (const entry of raw.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const [imagePipeline = '', target = '', ...rest] = entry.split('=').map((part) => part.trim());
    if (rest.length > 0 || !NAME.test(imagePipeline) || !NAME.test(target)) {
      throw new Error(`${variable}: "${entry}" is not imagePipelineName=${what}`);
    }
    targets.set(imagePipeline, target);
  }
  if (targets.size === 0) throw new Error(`${variable} names no image pipeline`);
  return targets;
}

/** Parses `imagePipeline=pipeline,imagePipeline=pipeline`. */
export const parseImagePipelineTargets = (raw: string) =>
  parseImagePipelineMap(raw, ENV.imagePipelineTargets, 'pipelineName');

/** Parses `imagePipeline=autoScalingGroup,...`. */
export const parseImagePipelineFleets = (raw: string) =>
  parseImagePipelineMap(raw, ENV.imagePipelineFleets, 'autoScalingGroupName');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const secretParameter = requireEnv(ENV.githubWebhookSecretParameter, env);
  if (!secretParameter.startsWith('/')) {
    throw new Error(`${ENV.githubWebhookSecretParameter} must be a full parameter name starting with "/"`);
  }
  return {
    sourceBranch: requireEnv(ENV.sourceBranch, env),
    codeCommitRepository: requireEnv(ENV.codeCommitRepository, env),
    githubRepository: requireEnv(ENV.githubRepository, env),
    githubWebhookSecretParameter: secretParameter,
    qatImagePipelineArn: requireEnv(ENV.qatImagePipelineArn, env),
    imagePipelineTargets: parseImagePipelineTargets(requireEnv(ENV.imagePipelineTargets, env)),
    imagePipelineFleets: parseImagePipelineFleets(requireEnv(ENV.imagePipelineFleets, env)),
    alertsTopicArn: requireEnv(ENV.alertsTopicArn, env),
    approvalsTable: requireEnv(ENV.approvalsTable, env),
    approvalGatewayRoleName: requireEnv(ENV.approvalGatewayRoleName, env),
    approverDirectoryParameter: requireEnv(ENV.approverDirectoryParameter, env),
    sourceAuthorsTable: requireEnv(ENV.sourceAuthorsTable, env),
    region: requireEnv(ENV.region, env),
    functionName: optionalEnv(ENV.functionName, '', env) || undefined,
  };
}

export const config = loadConfig();
