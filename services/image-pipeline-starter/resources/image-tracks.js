// The two image tracks, one definition: for each, an image recipe (the parent image by SSM
// parameter, updated, with the runway-app component), a distribution configuration that makes
// the new AMI the default version of the track's launch template (delivery-platform's
// ami-fleets.yml), and an image pipeline with image tests enabled. Image names follow the
// recipe, so `imageNames: runway-<stage>-app-*` covers both; pipeline names are lowercase as in their ARNs.
//   qat:        started on every push to the source branch (pipeline-triggers' onCodeCommitPush / onGithubPush)
//   production: started by the QAT AMI pipeline's PromoteImage stage (imageBuildAction)
const managed = (name) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:imagebuilder:\${AWS::Region}:aws:component/${name}/x.x.x`,
});

const TRACKS = [
  { id: 'Qat', track: 'qat', pipelineName: 'qatImagePipelineName', launchTemplate: 'amiQatLaunchTemplateId' },
  {
    id: 'Production',
    track: 'production',
    pipelineName: 'prodImagePipelineName',
    launchTemplate: 'amiProductionLaunchTemplateId',
  },
];

function trackResources(track, settings) {
  const name = settings[track.pipelineName];
  const launchTemplateId = settings[track.launchTemplate];
  return {
    resources: {
      [`${track.id}ImageRecipe`]: {
        Type: 'AWS::ImageBuilder::ImageRecipe',
        Properties: {
          Name: name,
          Version: settings.imageRecipeVersion,
          ParentImage: settings.parentImage,
          Components: [
            { ComponentArn: managed('update-linux') },
            { ComponentArn: { 'Fn::GetAtt': ['RunwayAppComponent', 'Arn'] } },
            { ComponentArn: managed('simple-boot-test-linux') },
          ],
          BlockDeviceMappings: [
            {
              DeviceName: '/dev/xvda',
              Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
            },
          ],
          AmiTags: { Track: track.track, Stage: settings.stage },
        },
      },
      [`${track.id}Distribution`]: {
        Type: 'AWS::ImageBuilder::DistributionConfiguration',
        Properties: {
          Name: name,
          Description: `${track.track} images: new default version of the ${track.track} launch template`,
          Distributions: [
            {
              Region: { Ref: 'AWS::Region' },
              AmiDistributionConfiguration: {
                Name: `${name}-{{ imagebuilder:buildDate }}`,
                AmiTags: { Track: track.track, Stage: settings.stage },
              },
              // Alone (`none`, no compose), the image updates no launch template.
              ...(launchTemplateId === 'none'
                ? {}
                : { LaunchTemplateConfigurations: [{ LaunchTemplateId: launchTemplateId, SetDefaultVersion: true }] }),
            },
          ],
        },
      },
      [`${track.id}ImagePipeline`]: {
        Type: 'AWS::ImageBuilder::ImagePipeline',
        Properties: {
          Name: name,
          Description: `Runway ${track.track} images`,
          Status: 'ENABLED',
          ImageRecipeArn: { Ref: `${track.id}ImageRecipe` },
          InfrastructureConfigurationArn: { Ref: 'ImageInfrastructure' },
          DistributionConfigurationArn: { Ref: `${track.id}Distribution` },
          ImageTestsConfiguration: { ImageTestsEnabled: true, TimeoutMinutes: 90 },
          EnhancedImageMetadataEnabled: true,
        },
      },
    },
  };
}

/** Where Image Builder launches build and test instances: delivery-platform's subnet, or (alone) the default VPC. */
function infrastructure(settings) {
  const network =
    settings.buildSubnetId === 'none'
      ? {}
      : { SubnetId: settings.buildSubnetId, SecurityGroupIds: [settings.buildSecurityGroupId] };
  return {
    Type: 'AWS::ImageBuilder::InfrastructureConfiguration',
    Properties: {
      Name: `runway-${settings.stage}-app`,
      Description: 'Build and test instances of the Runway images',
      InstanceProfileName: { Ref: 'ImageBuilderInstanceProfile' },
      InstanceTypes: [settings.imageBuildInstanceType],
      ...network,
      SnsTopicArn: settings.imageEventsTopicArn,
      TerminateInstanceOnFailure: true,
      InstanceMetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
    },
  };
}

// The stage's params (compose passes delivery-platform's outputs) decide what is generated.
module.exports = async ({ resolveVariable }) => {
  const settings = { stage: await resolveVariable('sls:stage') };
  const names = [
    'imageRecipeVersion',
    'parentImage',
    'qatImagePipelineName',
    'prodImagePipelineName',
    'buildSubnetId',
    'buildSecurityGroupId',
    'imageBuildInstanceType',
    'imageEventsTopicArn',
  ];
  for (const key of [...names, ...TRACKS.map((track) => track.launchTemplate)]) {
    settings[key] = await resolveVariable(`param:${key}`);
  }
  const tracks = TRACKS.map((track) => trackResources(track, settings));
  return {
    Resources: Object.assign(
      { ImageInfrastructure: infrastructure(settings) },
      ...tracks.map((track) => track.resources),
    ),
    Outputs: Object.fromEntries(
      TRACKS.map((track) => [`${track.id}ImagePipelineArn`, { Value: { Ref: `${track.id}ImagePipeline` } }]),
    ),
  };
};
