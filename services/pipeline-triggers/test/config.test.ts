import { TEST_ENV } from './support/harness';

type ConfigModule = typeof import('../src/config');

describe('configuration', () => {
  let parseImagePipelineTargets: ConfigModule['parseImagePipelineTargets'];
  let parseImagePipelineFleets: ConfigModule['parseImagePipelineFleets'];
  let loadConfig: ConfigModule['loadConfig'];

  beforeAll(async () => {
    Object.assign(process.env, TEST_ENV);
    ({ parseImagePipelineTargets, parseImagePipelineFleets, loadConfig } = await import('../src/config'));
  });

  it('reads the image pipeline → fleet mapping, and names its own variable when it is malformed', () => {
    expect([...parseImagePipelineFleets('runway-app-qat=runway-prod-ami-qat')]).toEqual([
      ['runway-app-qat', 'runway-prod-ami-qat'],
    ]);
    expect(() => parseImagePipelineFleets('runway-app-qat')).toThrow(
      'IMAGE_PIPELINE_FLEETS: "runway-app-qat" is not imagePipelineName=autoScalingGroupName',
    );
  });

  it('reads the image pipeline → pipeline mapping as name=name pairs', () => {
    const targets = parseImagePipelineTargets('runway-app-qat=runway-qat, runway-app-prod=runway-prod');

    expect([...targets]).toEqual([
      ['runway-app-qat', 'runway-qat'],
      ['runway-app-prod', 'runway-prod'],
    ]);
  });

  it.each(['runway-app-qat', 'runway-app-qat=', 'a=b=c', 'runway app=runway-qat', ''])(
    'refuses the mapping %p at load, before any event is handled',
    (raw) => {
      expect(() => parseImagePipelineTargets(raw)).toThrow(/IMAGE_PIPELINE_TARGETS/);
    },
  );

  it('refuses a secret parameter name that is not a full path', () => {
    const env = { ...TEST_ENV, AWS_REGION: 'us-east-1', GITHUB_WEBHOOK_SECRET_PARAMETER: 'github-webhook-secret' };

    expect(() => loadConfig(env)).toThrow('GITHUB_WEBHOOK_SECRET_PARAMETER must be a full parameter name');
  });

  it('refuses to load without a required variable', () => {
    const { APPROVALS_TABLE: _missing, ...env } = { ...TEST_ENV, AWS_REGION: 'us-east-1' };

    expect(() => loadConfig(env)).toThrow('Missing required environment variable APPROVALS_TABLE');
  });
});
