import { optionalEnv, requireEnv } from '@shared/config';

export const ENV = {
  sourceBranch: 'SOURCE_BRANCH',
  codeCommitRepository: 'CODECOMMIT_REPOSITORY',
  githubRepository: 'GITHUB_REPOSITORY',
  githubWebhookSecretParameter: 'GITHUB_WEBHOOK_SECRET_PARAMETER',
  qatImagePipelineArn: 'QAT_IMAGE_PIPELINE_ARN',
  imagePipelineTargets: 'IMAGE_PIPELINE_TARGETS',
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

/** Parses `imagePipeline=pipeline,imagePipeline=pipeline`. */
export function parseImagePipelineTargets(raw: string): ReadonlyMap<string, string> {
  const targets = new Map<string, string>();
  for (const entry of raw.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const [imagePipeline = '', pipeline = '', ...rest] = entry.split('=').map((part) => part.trim());
    if (rest.length > 0 || !NAME.test(imagePipeline) || !NAME.test(pipeline)) {
      throw new Error(`${ENV.imagePipelineTargets}: "${entry}" is not imagePipelineName=pipelineName`);
    }
    targets.set(imagePipeline, pipeline);
  }
  if (targets.size === 0) throw new Error(`${ENV.imagePipelineTargets} names no image pipeline`);
  return targets;
}

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
