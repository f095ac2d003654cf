/** The bench's representative invocation of each pipeline-triggers function (run by `npm run bench`). */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  BENCH_STAGE,
  called,
  documentClient,
  type Emulators,
  field,
  jobSucceeded,
  oneProcessed,
  type ServiceBench,
  statusIs,
} from '../../../scripts/bench/workload';
import { codeCommitRepositoryKey, dynamoPushAuthors } from '../../../shared/src/approvals/change-authors';
import {
  auditItem,
  codeCommitPush,
  commitBy,
  githubDelivery,
  githubSample,
  imageNotification,
  jobDetailsResponse,
  pipelineJob,
  pmoGatewayDecision,
  sampleActionExecutions,
  sampleImage,
} from '../test/support/fixtures';

/** The production AMI pipeline of the bench stage: the only pipeline the packaged rule accepts. */
const BENCH_PIPELINE = `runway-${BENCH_STAGE}-ami-production`;

/** The sample Image Builder message renamed to this stage's QAT image pipeline (the one the dev config maps). */
const benchImageMessage = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(sampleImage()).replaceAll('runway-app-qat', 'runway-dev-app-qat'));

/**
 * The AWS answers the functions need, the gateway's accepted PMO decision the two-person rule reads
 * from approval-gateway's table, and the recorded push of the sample release commit (Devon pushed it).
 */
async function setup(emulators: Emulators): Promise<void> {
  const { recorder } = emulators;
  emulators.parameters.set(`/runway/${BENCH_STAGE}/github-webhook-secret`, {
    Type: 'SecureString',
    Value: githubSample().secret,
  });
  recorder.respond('GetCommit', { body: commitBy('devon@example.com') });
  recorder.respond('StartImagePipelineExecution', {
    body: {
      requestId: 'bench',
      clientToken: 'bench',
      imageBuildVersionArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/runway-dev-app-qat/1.0.0/3',
    },
  });
  recorder.respond('StartPipelineExecution', { body: { pipelineExecutionId: 'bench-execution' } });
  const jobDetails = jobDetailsResponse();
  jobDetails.jobDetails.data.pipelineContext.pipelineName = BENCH_PIPELINE;
  recorder.respond('GetJobDetails', { body: jobDetails });
  // The sample executions with the PMO approval made through this stage's gateway role.
  const executions = sampleActionExecutions().map((run) => ({
    ...run,
    updatedBy: run.updatedBy?.replace('runway-approval-gateway-prod-', `runway-approval-gateway-${BENCH_STAGE}-`),
  }));
  recorder.respond('ListActionExecutions', { body: { actionExecutionDetails: executions } });
  const client = documentClient(emulators);
  try {
    await client.send(
      new PutItemCommand({
        TableName: `runway-approval-gateway-${BENCH_STAGE}-approvals`,
        Item: auditItem({ ...pmoGatewayDecision(), pipelineName: BENCH_PIPELINE }),
      }),
    );
    await dynamoPushAuthors(client, `runway-pipeline-triggers-${BENCH_STAGE}-push-authors`).record(
      {
        repository: codeCommitRepositoryKey('runway-app'),
        commitId: commitBy('devon@example.com').commit.commitId,
        identities: ['arn:aws:iam::123456789012:user/devon'],
      },
      new Date(),
    );
  } finally {
    client.destroy();
  }
}

const imageBuilt = { events: () => [imageNotification(benchImageMessage())] };
const twoPersonRule = { events: () => [pipelineJob()], check: jobSucceeded };

export const bench: ServiceBench = {
  setup,
  workloads: {
    onCodeCommitPush: {
      events: () => [codeCommitPush()],
      check: called('StartImagePipelineExecution', (result) =>
        field(result, 'started') === true ? undefined : `not started: ${JSON.stringify(result)}`,
      ),
      peer: 'image_build',
    },
    onGithubPush: {
      events: () => [githubDelivery()],
      check: called('GetParameter', called('StartImagePipelineExecution', statusIs(200))),
      peer: 'image_build',
    },
    onImageBuilt: { ...imageBuilt, check: called('StartPipelineExecution', oneProcessed), peer: 'image_built' },
    twoPersonRule: { ...twoPersonRule, peer: 'two_person_rule' },
  },
  peers: {
    image_built: {
      envOf: 'onImageBuilt',
      does: 'SNS image AVAILABLE: CodePipeline start_pipeline_execution (SNS client for alerts)',
      workload: { ...imageBuilt, check: called('StartPipelineExecution') },
    },
    two_person_rule: {
      envOf: 'twoPersonRule',
      does: 'CodePipeline job: get_job_details, list_action_executions, DynamoDB query, put_job_success_result',
      workload: twoPersonRule,
    },
  },
};
