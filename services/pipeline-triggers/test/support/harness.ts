import { type AwsRecorder, startAwsRecorder } from '../../../../test-support/aws-recorder';

/** The service's configuration in tests, named after the shared sample events. */
export const TEST_ENV = {
  SOURCE_BRANCH: 'main',
  CODECOMMIT_REPOSITORY: 'runway-app',
  GITHUB_REPOSITORY: 'example-org/runway-app',
  GITHUB_WEBHOOK_SECRET_PARAMETER: '/runway/test/github-webhook-secret',
  QAT_IMAGE_PIPELINE_ARN: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/runway-app-qat',
  IMAGE_PIPELINE_TARGETS: 'runway-app-qat=runway-qat,runway-app-prod=runway-prod',
  IMAGE_PIPELINE_FLEETS: 'runway-app-qat=runway-test-ami-qat,runway-app-prod=runway-test-ami-production',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:runway-pipeline-triggers-test-alerts',
  APPROVALS_TABLE: 'runway-approval-gateway-test-approvals',
  APPROVAL_GATEWAY_ROLE_NAME: 'runway-approval-gateway-prod-decide-us-east-1',
  APPROVER_DIRECTORY_PARAMETER: '/runway/test/approver-directory',
  SOURCE_AUTHORS_TABLE: 'runway-pipeline-triggers-test-source-authors',
  // Set by Lambda itself in AWS.
  AWS_LAMBDA_FUNCTION_NAME: 'runway-pipeline-triggers-test-twoPersonRule',
} as const;

const RECORDED_SERVICES = ['CODEPIPELINE', 'CODECOMMIT', 'IMAGEBUILDER', 'SSM', 'SNS', 'DYNAMODB', 'AUTO_SCALING'];

/**
 * Starts the local AWS recorder and points every SDK client of the service at
 * it through AWS_ENDPOINT_URL_<SERVICE>. Call before the handler module is
 * imported: clients are built at module load.
 */
export async function startRecordedAws(): Promise<AwsRecorder> {
  const recorder = await startAwsRecorder();
  for (const service of RECORDED_SERVICES) process.env[`AWS_ENDPOINT_URL_${service}`] = recorder.url;
  Object.assign(process.env, TEST_ENV);
  return recorder;
}

/** The operations the recorder received, in order. */
export function operations(recorder: AwsRecorder): string[] {
  return recorder.calls.map((call) => call.operation);
}

/**
 * A fresh copy of a handler module, so its SDK clients and caches are built
 * against the environment the test has just set (clients are made at load).
 */
export async function loadIsolated<M>(load: () => Promise<M>): Promise<M> {
  let loaded: M | undefined;
  await jest.isolateModulesAsync(async () => {
    loaded = await load();
  });
  if (loaded === undefined) throw new Error('module did not load');
  return loaded;
}
