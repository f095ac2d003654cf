import { join } from 'node:path';
import { cliParams, isDeploying } from '../serverless/cli-command';
import { composeInputs, resolveComposeParams } from '../serverless/compose-param';

const COMPOSE_FILE = join(__dirname, '../../serverless-compose.yml');

describe('composeInputs', () => {
  it('reads what serverless-compose.yml gives a service, by the service name of its serverless.yml', () => {
    const { alias, inputs } = composeInputs(COMPOSE_FILE, 'runway-image-pipeline-starter');
    expect(alias).toBe('image-pipeline-starter');
    expect(inputs.buildSubnetId).toEqual({
      producer: 'delivery-platform',
      producerService: 'runway-delivery-platform',
      output: 'BuildSubnetId',
    });
    expect(composeInputs(COMPOSE_FILE, 'runway-metrics-api').inputs).toEqual({
      approvalsTable: {
        producer: 'approval-gateway',
        producerService: 'runway-approval-gateway',
        output: 'ApprovalsTableName',
      },
    });
    expect(Object.keys(composeInputs(COMPOSE_FILE, 'runway-delivery-platform').inputs)).toEqual([]);
  });

  it('reads a service that takes from several producers, each by its own stack', () => {
    const { inputs } = composeInputs(COMPOSE_FILE, 'runway-pipeline-triggers');
    const producers = new Set(Object.values(inputs).map((input) => input.producer && input.producerService));
    expect(producers).toEqual(
      new Set(['runway-approval-gateway', 'runway-image-pipeline-starter', 'runway-delivery-platform']),
    );
    expect(inputs.imageBuildActionFunctionName).toEqual({
      producer: 'image-pipeline-starter',
      producerService: 'runway-image-pipeline-starter',
      output: 'ImageBuildActionFunctionName',
    });
  });
});

describe('resolveComposeParams', () => {
  const { alias, inputs } = composeInputs(COMPOSE_FILE, 'runway-image-pipeline-starter');
  const base = { alias: alias ?? '', inputs, stage: 'prod', region: 'us-east-1' };
  const deployedOutputs = {
    ImageEventsTopicArn: 'arn:aws:sns:us-east-1:123456789012:runway-prod-image-events',
    DeliveryAlarmsTopicArn: 'arn:aws:sns:us-east-1:123456789012:runway-prod-delivery-alarms',
    BuildSubnetId: 'subnet-0abc',
    ImageBuildSecurityGroupId: 'sg-0abc',
    AmiQatLaunchTemplateId: 'lt-0qat',
    AmiProductionLaunchTemplateId: 'lt-0prod',
  };

  it('deployed on its own, takes the producing stack’s outputs, as compose would', async () => {
    const asked: string[] = [];
    const values = await resolveComposeParams({
      ...base,
      given: {},
      deploying: true,
      defaults: undefined,
      outputsOf: async (stackName) => {
        asked.push(stackName);
        return deployedOutputs;
      },
    });
    expect(values).toMatchObject({ buildSubnetId: 'subnet-0abc', amiProductionLaunchTemplateId: 'lt-0prod' });
    expect(new Set(asked)).toEqual(new Set(['runway-delivery-platform-prod']));
  });

  it('refuses to deploy, naming what to deploy first, when the producing stack or its output is missing', async () => {
    const settings = { ...base, given: {}, deploying: true, defaults: undefined };
    await expect(resolveComposeParams({ ...settings, outputsOf: async () => undefined })).rejects.toThrow(
      /image-pipeline-starter takes its param \w+ from the output \w+ of delivery-platform .*stack runway-delivery-platform-prod does not exist in us-east-1: deploy delivery-platform first/,
    );
    await expect(
      resolveComposeParams({ ...settings, outputsOf: async () => ({ ...deployedOutputs, BuildSubnetId: '' }) }),
    ).rejects.toThrow(/buildSubnetId from the output BuildSubnetId of delivery-platform .* has no such output/);
  });

  it('takes what the command line gives (compose passes --param) without asking AWS', async () => {
    const given = Object.fromEntries(Object.keys(inputs).map((name) => [name, `given-${name}`]));
    const values = await resolveComposeParams({
      ...base,
      given,
      deploying: true,
      defaults: undefined,
      outputsOf: () => Promise.reject(new Error('no AWS here')),
    });
    expect(values).toEqual(given);
  });

  it('packages with custom.composeParamDefaults, and fails on a compose param that has none', async () => {
    const defaults = Object.fromEntries(Object.keys(inputs).map((name) => [name, 'none']));
    const settings = { ...base, given: {}, deploying: false, outputsOf: () => Promise.reject(new Error('no AWS')) };
    await expect(resolveComposeParams({ ...settings, defaults })).resolves.toEqual(defaults);
    await expect(resolveComposeParams({ ...settings, defaults: { buildSubnetId: 'none' } })).rejects.toThrow(
      /has no custom.composeParamDefaults\.\w+ for packaging/,
    );
  });
});

describe('cli-command', () => {
  it('tells a deploy from every other command', () => {
    expect(isDeploying(['deploy'])).toBe(true);
    expect(isDeploying(['deploy', 'function'])).toBe(true);
    for (const commands of [['package'], ['deploy', 'list'], ['print'], ['offline', 'start'], ['remove'], ['info']]) {
      expect(isDeploying(commands)).toBe(false);
    }
  });

  it('reads --param pairs as osls does (the value may hold "=")', () => {
    expect(cliParams({ param: ['a=1', 'b=x=y', 'broken'] })).toEqual({ a: '1', b: 'x=y' });
    expect(cliParams({ param: 'a=1' })).toEqual({ a: '1' });
    expect(cliParams(undefined)).toEqual({});
  });
});
