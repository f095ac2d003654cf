import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { ROOT, SERVERLESS_BIN } from '../../../test-support/paths';
import { type AwsStandin, startAwsStandin } from '../../aws-standin/server';

const run = promisify(execFile);

// The real osls, in a service's folder, against the stand-in: what a person runs to redeploy one
// service. The params compose would give it come from the producing stack, or the deploy stops.
let standin: AwsStandin;

beforeAll(async () => {
  standin = await startAwsStandin();
  process.env.AWS_ENDPOINT_URL = standin.url;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await standin.close();
});

function deployAlone(service: string, stage: string) {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(AWS_|RUNWAY_)/.test(name)) env[name] = value;
  return run(process.execPath, [SERVERLESS_BIN, 'deploy', '--stage', stage], {
    cwd: join(ROOT, 'services', service),
    maxBuffer: 32 * 1024 * 1024,
    env: {
      ...env,
      AWS_ACCESS_KEY_ID: 'AKIAREHEARSAL0000000',
      AWS_SECRET_ACCESS_KEY: 'rehearsal-secret-access-key',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: standin.url,
      SLS_TELEMETRY_DISABLED: '1',
    },
  });
}

describe('a service deployed on its own', () => {
  it('refuses to deploy, naming what to deploy first, when the stack compose would read its params from is missing', async () => {
    const failure = await deployAlone('image-pipeline-starter', 'rehearsal').then(
      () => undefined,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(failure).toMatch(
      /image-pipeline-starter takes its param \w+ from the output \w+ of delivery-platform \(serverless-compose\.yml\), and stack runway-delivery-platform-rehearsal does not exist in us-east-1: deploy delivery-platform first/,
    );
    expect(standin.journal.templates).toEqual([]);
  }, 120_000);

  it('refuses when the producing stack lacks an output compose passes, and sends no template', async () => {
    const cloudFormation = new CloudFormationClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAREHEARSAL0000000', secretAccessKey: 'rehearsal-secret-access-key' },
    });
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: 'runway-delivery-platform-rehearsal2',
        TemplateBody: JSON.stringify({
          Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
          Outputs: { ImageEventsTopicArn: { Value: { Ref: 'Topic' } } },
        }),
      }),
    );
    const failure = await deployAlone('image-pipeline-starter', 'rehearsal2').then(
      () => undefined,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(failure).toMatch(
      /from the output \w+ of delivery-platform .*stack runway-delivery-platform-rehearsal2 \(us-east-1\) has no such output/,
    );
    expect(standin.journal.templates.filter((entry) => entry.stackName.startsWith('runway-image'))).toEqual([]);
  }, 120_000);
});
