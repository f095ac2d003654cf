/**
 * Runs pipeline-triggers' real twoPersonRule handler in this process against the local stack:
 * the CodePipeline fake (which also answers SSM's directory parameter and CodeCommit's GetCommit)
 * and dynalite's approval audit. The demo and the end-to-end tests play the pipeline's Lambda
 * invoke action with it.
 */
import { randomUUID } from 'node:crypto';
import type { CodePipelineEvent } from 'aws-lambda';
import { decideRoleName, directoryParameterName } from './approver-directory';
import { codePipelineControl } from './codepipeline-fake';
import { loadEvent } from './events';

type RuleModule = typeof import('../services/pipeline-triggers/src/handlers/two-person-rule');
type PushModule = typeof import('../services/pipeline-triggers/src/handlers/on-code-commit-push');

export interface LocalStackUrls {
  stage: string;
  /** The fake's AWS endpoint and control API, and dynalite. */
  codePipelineUrl: string;
  controlUrl: string;
  dynamodbUrl: string;
}

export interface LocalRuleRun extends LocalStackUrls {
  pipelineName: string;
  executionId: string;
  approvals?: string[];
}

export interface RuleVerdict {
  result: 'success' | 'failure';
  message?: string;
}

/** The service's configuration as its serverless.yml gives it, for the local stage. */
function ruleEnvironment(run: LocalStackUrls & { pipelineName?: string }): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_CODEPIPELINE: run.codePipelineUrl,
    AWS_ENDPOINT_URL_IMAGEBUILDER: run.codePipelineUrl,
    AWS_ENDPOINT_URL_SSM: run.codePipelineUrl,
    AWS_ENDPOINT_URL_CODECOMMIT: run.codePipelineUrl,
    AWS_ENDPOINT_URL_DYNAMODB: run.dynamodbUrl,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_LAMBDA_FUNCTION_NAME: `runway-pipeline-triggers-${run.stage}-twoPersonRule`,
    POWERTOOLS_SERVICE_NAME: 'pipeline-triggers',
    SOURCE_BRANCH: 'main',
    CODECOMMIT_REPOSITORY: 'runway-app',
    GITHUB_REPOSITORY: 'example-org/runway-app',
    GITHUB_WEBHOOK_SECRET_PARAMETER: `/runway/${run.stage}/github-webhook-secret`,
    QAT_IMAGE_PIPELINE_ARN: `arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/runway-${run.stage}-app-qat`,
    IMAGE_PIPELINE_TARGETS: `runway-${run.stage}-app-production=${run.pipelineName ?? `runway-${run.stage}-ami-production`}`,
    IMAGE_PIPELINE_FLEETS: `runway-${run.stage}-app-production=runway-${run.stage}-ami-production`,
    ALERTS_TOPIC_ARN: `arn:aws:sns:us-east-1:123456789012:runway-pipeline-triggers-${run.stage}-alerts`,
    APPROVALS_TABLE: `runway-approval-gateway-${run.stage}-approvals`,
    APPROVAL_GATEWAY_ROLE_NAME: decideRoleName(run.stage),
    APPROVER_DIRECTORY_PARAMETER: directoryParameterName(run.stage),
    SOURCE_AUTHORS_TABLE: `runway-pipeline-triggers-${run.stage}-push-authors`,
  };
}

/**
 * Declares a job of the execution to the fake, invokes the handler with CodePipeline's event
 * (test/events/codepipeline/job.json) and reads the one job result it reported. `load` imports
 * the handler once the environment is set (tests pass a fresh, isolated import).
 */
export async function runTwoPersonRule(
  run: LocalRuleRun,
  load: () => Promise<RuleModule> = () => import('../services/pipeline-triggers/src/handlers/two-person-rule'),
): Promise<RuleVerdict> {
  const control = codePipelineControl(run.controlUrl);
  const jobId = randomUUID();
  await control.registerJob({ jobId, pipelineName: run.pipelineName, executionId: run.executionId });
  Object.assign(process.env, ruleEnvironment(run));
  const { handler } = await load();
  const event = loadEvent<CodePipelineEvent>('codepipeline', 'job');
  event['CodePipeline.job'].id = jobId;
  event['CodePipeline.job'].data.actionConfiguration.configuration.UserParameters = JSON.stringify({
    approvals: run.approvals ?? ['QCApproval', 'PMOApproval'],
    pipelineName: run.pipelineName,
  });

  await handler(event);

  const calls = [
    ...(await control.calls({ operation: 'PutJobSuccessResult' })),
    ...(await control.calls({ operation: 'PutJobFailureResult' })),
  ].filter((call) => call.body.jobId === jobId);
  const [call] = calls;
  if (calls.length !== 1 || call === undefined) throw new Error(`expected one job result, got ${calls.length}`);
  if (call.operation === 'PutJobSuccessResult') {
    return { result: 'success', message: (call.body.executionDetails as { summary?: string } | undefined)?.summary };
  }
  return { result: 'failure', message: (call.body.failureDetails as { message?: string } | undefined)?.message };
}

/**
 * A push of `commitId` to the main branch of the CodeCommit repository by the IAM principal
 * `pusherArn`: pipeline-triggers' real onCodeCommitPush handler, in this process, receives
 * EventBridge's event (test/events/eventbridge/codecommit-push.json) and keeps the pusher in
 * dynalite, where the two-person rule and approval-gateway read it. Its image build goes to the fake.
 */
export async function pushToCodeCommit(
  stack: LocalStackUrls,
  push: { commitId: string; pusherArn: string },
  load: () => Promise<PushModule> = () => import('../services/pipeline-triggers/src/handlers/on-code-commit-push'),
): Promise<void> {
  Object.assign(process.env, ruleEnvironment(stack));
  const { handler } = await load();
  const event = loadEvent<Parameters<PushModule['handler']>[0]>('eventbridge', 'codecommit-push');
  event.id = randomUUID();
  event.detail = { ...event.detail, commitId: push.commitId, callerUserArn: push.pusherArn };
  await handler(event);
}
