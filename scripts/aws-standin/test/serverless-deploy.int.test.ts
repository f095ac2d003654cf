import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { SERVERLESS_BIN, serviceDir } from '../../../test-support/paths';
import { type AwsStandin, startAwsStandin } from '../server';

// The proof the stand-in answers what the framework asks: the real `serverless deploy` and `remove`
// of one service, pointed at it by AWS_ENDPOINT_URL alone.
const run = promisify(execFile);
const MINUTES = 60_000;

let standin: AwsStandin;

beforeAll(async () => {
  standin = await startAwsStandin();
  // metrics-api deployed on its own reads approval-gateway's audit table from that stack's outputs
  // (shared/serverless/compose-param.js): the producer is deployed first, as the docs say.
  const cloudFormation = new CloudFormationClient({
    endpoint: standin.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
  });
  await cloudFormation.send(
    new CreateStackCommand({
      StackName: 'runway-approval-gateway-dev',
      TemplateBody: JSON.stringify({
        Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
        Outputs: { ApprovalsTableName: { Value: 'runway-approval-gateway-dev-approvals' } },
      }),
    }),
  );
  cloudFormation.destroy();
});

afterAll(() => standin.close());

function serverless(...args: string[]) {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_ENDPOINT_URL'));
  // Its own esbuild folder: the default one is the running local stack's (serverless-offline),
  // which a deploy's packaging would delete under it.
  const workFolder = ['--param', 'esbuildWorkFolder=.esbuild-standin-test'];
  // The framework prints why it stopped on stdout: a failure shows it, not only the command line.
  const failed = (error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`.trim());
  };
  return run(process.execPath, [SERVERLESS_BIN, ...args, '--stage', 'dev', ...workFolder], {
    cwd: serviceDir('metrics-api'),
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...Object.fromEntries(inherited),
      AWS_ENDPOINT_URL: standin.url,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'us-east-1',
      SLS_AWS_MONITORING_FREQUENCY: '100',
    },
  }).catch(failed);
}

test(
  'serverless deploy of metrics-api creates its stack with its outputs; serverless remove deletes it and keeps the retained site bucket',
  async () => {
    await serverless('deploy');

    const stack = standin.stacks.get('runway-metrics-api-dev');
    // The framework creates the stack with its deployment bucket alone, then updates it with the full template.
    expect(stack?.status).toBe('UPDATE_COMPLETE');
    expect(stack?.resources.get('ActivitiesTable')?.physicalId).toBe('runway-metrics-api-dev-activities');
    const outputs = Object.fromEntries((stack?.outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
    expect(outputs.HttpApiUrl).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    // The site bucket is left for CloudFormation to name: <stack>-<logical id>-<random>, in lower case.
    expect(outputs.SiteBucketName).toMatch(/^runway-metrics-api-dev-sitebucket-[a-z0-9]{12}$/);
    const siteBucket = outputs.SiteBucketName ?? '';
    const deploymentBucket = outputs.ServerlessDeploymentBucketName ?? '';
    expect(standin.state.buckets.get(deploymentBucket)?.objects.size).toBeGreaterThan(0);
    expect(standin.journal.templates.map((entry) => entry.action)).toContain('CreateChangeSet');

    await serverless('remove');

    expect(standin.stacks.has('runway-metrics-api-dev')).toBe(false);
    expect(standin.state.buckets.has(deploymentBucket)).toBe(false);
    expect(standin.state.buckets.has(siteBucket)).toBe(true);
    expect(standin.journal.unknown()).toEqual([]);
  },
  8 * MINUTES,
);
