/**
 * The EC2 Image Builder resources of image-pipeline-starter (resources/), read from the
 * packaged prod template, alone and with the params compose passes from pipeline-triggers.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import {
  type Json,
  type JsonObject,
  type Template,
  type TemplateView,
  templateView,
} from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
// What compose passes (pipeline-triggers' outputs), as literal values.
const COMPOSE_PARAMS = {
  buildSubnetId: 'subnet-0123456789abcdef0',
  buildSecurityGroupId: 'sg-0123456789abcdef0',
  amiQatLaunchTemplateId: 'lt-0123456789abcdef0',
  amiProductionLaunchTemplateId: 'lt-0fedcba9876543210',
};
let template: Template;
let alone: TemplateView;
let withCompose: TemplateView;

beforeAll(async () => {
  template = await packagedTemplate('image-pipeline-starter', 'prod');
  alone = templateView(template);
  withCompose = templateView(await packagedTemplate('image-pipeline-starter', 'prod', COMPOSE_PARAMS));
}, PACKAGING_TIMEOUT);

const props = (view: TemplateView, logicalId: string) => view.resource(logicalId).Properties;
const first = (value: Json | undefined) => (value as Json[])[0] as JsonObject;

describe('image tracks', () => {
  it('has a QAT and a production image pipeline, named as pipeline-triggers expects, both running image tests', () => {
    const pipelines = alone.ofType('AWS::ImageBuilder::ImagePipeline').map((id) => props(alone, id));
    expect(pipelines.map((pipeline) => pipeline.Name)).toEqual(['runway-prod-app-qat', 'runway-prod-app-production']);
    for (const pipeline of pipelines) {
      expect(pipeline).toMatchObject({ Status: 'ENABLED', ImageTestsConfiguration: { ImageTestsEnabled: true } });
    }
  });

  it('builds each track from the parent image named by an SSM parameter, on encrypted volumes', () => {
    for (const id of alone.ofType('AWS::ImageBuilder::ImageRecipe')) {
      const recipe = props(alone, id);
      expect(recipe.ParentImage).toMatch(/^ssm:\/aws\/service\//);
      expect(first(recipe.BlockDeviceMappings).Ebs).toMatchObject({ Encrypted: true });
      expect(JSON.stringify(recipe.Components)).toContain('RunwayAppComponent');
    }
  });

  it('installs the application host with a component document that also tests it', () => {
    const data = String(props(alone, 'RunwayAppComponent').Data);
    expect(data).toContain('name: build');
    expect(data).toContain('codedeploy-agent');
    expect(data).toContain('name: test');
  });
});

describe('infrastructure configuration', () => {
  it('announces every image on the image events topic and terminates instances of failed builds', () => {
    expect(props(alone, 'ImageInfrastructure')).toMatchObject({
      SnsTopicArn: { 'Fn::Sub': expect.stringContaining(':runway-prod-image-events') },
      TerminateInstanceOnFailure: true,
      InstanceProfileName: { Ref: 'ImageBuilderInstanceProfile' },
      InstanceMetadataOptions: { HttpTokens: 'required' },
    });
  });

  it('builds in the default VPC alone, and in pipeline-triggers’ private subnet with compose', () => {
    expect(props(alone, 'ImageInfrastructure').SubnetId).toBeUndefined();
    expect(props(withCompose, 'ImageInfrastructure')).toMatchObject({
      SubnetId: COMPOSE_PARAMS.buildSubnetId,
      SecurityGroupIds: [COMPOSE_PARAMS.buildSecurityGroupId],
    });
  });
});

describe('distribution', () => {
  it.each(['QatDistribution', 'ProductionDistribution'])(
    '%s makes each new AMI the default version of its track’s launch template',
    (id) => {
      const distribution = first(props(withCompose, id).Distributions);
      expect(first(distribution.LaunchTemplateConfigurations)).toMatchObject({
        LaunchTemplateId:
          id === 'QatDistribution'
            ? COMPOSE_PARAMS.amiQatLaunchTemplateId
            : COMPOSE_PARAMS.amiProductionLaunchTemplateId,
        SetDefaultVersion: true,
      });
    },
  );

  it('updates no launch template when the service is deployed alone', () => {
    for (const id of ['QatDistribution', 'ProductionDistribution']) {
      expect(first(props(alone, id).Distributions).LaunchTemplateConfigurations).toBeUndefined();
    }
  });
});

describe('imageBuildAction', () => {
  it('may start and read only this stage’s image pipelines and images', () => {
    const policy = first(props(alone, 'ImageBuildActionIamRoleLambdaExecution').Policies).PolicyDocument as JsonObject;
    const resources = (policy.Statement as JsonObject[])
      .filter((statement) => JSON.stringify(statement.Action).includes('imagebuilder:'))
      .map((statement) => JSON.stringify(statement.Resource));

    expect(resources).toEqual([
      expect.stringContaining(':image-pipeline/runway-prod-app-*"'),
      expect.stringContaining(':image/runway-prod-app-*/*"'),
    ]);
  });
});
