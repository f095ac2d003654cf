/**
 * The EC2 Image Builder resources of image-pipeline-starter (resources/), read from the
 * packaged prod template; "with compose" forces the conditions that compose's params turn on.
 */
import { packagedTemplate } from '../../../../scripts/verify/packaged-templates';
import { type StageView, stageView } from '../../../../scripts/verify/stage-view';
import type { Json, JsonObject, Template } from '../../../../scripts/verify/template';

const PACKAGING_TIMEOUT = 180_000;
let template: Template;
let alone: StageView;
let withCompose: StageView;

beforeAll(async () => {
  template = await packagedTemplate('image-pipeline-starter', 'prod');
  alone = stageView(template);
  withCompose = stageView(template, {
    HasBuildNetwork: true,
    HasQatLaunchTemplate: true,
    HasProductionLaunchTemplate: true,
  });
}, PACKAGING_TIMEOUT);

const props = (view: StageView, logicalId: string) => view.resource(logicalId).Properties;
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
    expect(props(withCompose, 'ImageInfrastructure').SubnetId).toBeDefined();
  });
});

describe('distribution', () => {
  it.each(['QatDistribution', 'ProductionDistribution'])(
    '%s makes each new AMI the default version of its track’s launch template',
    (id) => {
      const distribution = first(props(withCompose, id).Distributions);
      expect(first(distribution.LaunchTemplateConfigurations)).toMatchObject({ SetDefaultVersion: true });
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
