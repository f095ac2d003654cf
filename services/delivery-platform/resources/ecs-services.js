// The containerised application: one definition, two services (frontend and backend).
// Each gets a log group, a task definition (bridge networking, dynamic host port, secrets from
// Parameter Store / Secrets Manager only), a service behind its target group, and CPU target
// tracking between the stage's `ecsTasksMin` and `ecsTasksMax` tasks. Prod spreads the tasks
// across availability zones, dev packs them on as few instances as possible.
//
// The task definitions name the image `<repository>:<containerImageTag>`, `live` by default: the
// container pipelines deploy `<repository>:<commit id>` as new revisions of the services' task
// definitions and then move `live` to it (ecr.yml), so a stack update that registers a new
// revision from the template runs the released image, not an older one. Until both repositories
// hold a `live` image, a deploy uses `containerImageTag: bootstrap` (container-image-tag.js decides):
// the services are created with no task (DesiredCount 0) and a scaling minimum of 0, because
// registering a scalable target moves the current count into its range and would start tasks on
// an image that does not exist. The first deploy after the first container release sets the
// minimum to `ecsTasksMin` (DELIVERY.md).

const { frontendListener } = require('./alb-listeners');

const parameter = (stage, name) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/runway/${stage}/app/${name}`,
});
const secretKey = (key) => ({ 'Fn::Sub': `\${Database.MasterUserSecret.SecretArn}:${key}::` });

const APPS = [
  {
    id: 'Frontend',
    name: 'frontend',
    port: 80,
    repository: 'FrontendRepository',
    targetGroup: 'FrontendTargetGroup',
    listener: (settings) => frontendListener(settings.certificateArn),
    secrets: (stage) => [{ Name: 'API_URL', ValueFrom: parameter(stage, 'api-url') }],
  },
  {
    id: 'Backend',
    name: 'backend',
    port: 5000,
    repository: 'BackendRepository',
    targetGroup: 'BackendTargetGroup',
    listener: () => 'BackendListener',
    secrets: (stage) => [
      { Name: 'DB_HOST', ValueFrom: parameter(stage, 'db-host') },
      { Name: 'DB_PORT', ValueFrom: parameter(stage, 'db-port') },
      { Name: 'DB_NAME', ValueFrom: parameter(stage, 'db-name') },
      { Name: 'DB_USER', ValueFrom: secretKey('username') },
      { Name: 'DB_PASSWORD', ValueFrom: secretKey('password') },
    ],
  },
];

function appResources(app, settings) {
  const { stage, tasksMin, tasksMax, imageTag, logRetentionDays, isProd } = settings;
  const serviceName = `runway-${stage}-${app.name}`;
  return {
    [`${app.id}LogGroup`]: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: `/runway/${stage}/ecs/${app.name}`, RetentionInDays: logRetentionDays },
    },
    [`${app.id}TaskDefinition`]: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: serviceName,
        RequiresCompatibilities: ['EC2'],
        NetworkMode: 'bridge',
        ExecutionRoleArn: { 'Fn::GetAtt': ['EcsTaskExecutionRole', 'Arn'] },
        ContainerDefinitions: [
          {
            Name: app.name,
            Image: { 'Fn::Sub': `\${${app.repository}.RepositoryUri}:${imageTag}` },
            Essential: true,
            Cpu: 256,
            MemoryReservation: 256,
            Memory: 512,
            PortMappings: [{ ContainerPort: app.port, HostPort: 0, Protocol: 'tcp' }],
            Secrets: app.secrets(stage),
            LogConfiguration: {
              LogDriver: 'awslogs',
              Options: {
                'awslogs-group': { Ref: `${app.id}LogGroup` },
                'awslogs-region': { Ref: 'AWS::Region' },
                'awslogs-stream-prefix': app.name,
              },
            },
          },
        ],
      },
    },
    [`${app.id}Service`]: {
      Type: 'AWS::ECS::Service',
      DependsOn: [app.listener(settings), 'EcsClusterCapacityProviders'],
      Properties: {
        ServiceName: serviceName,
        Cluster: { Ref: 'EcsCluster' },
        TaskDefinition: { Ref: `${app.id}TaskDefinition` },
        // Left to auto scaling after creation; no task until the first image exists.
        ...(imageTag === 'bootstrap' ? { DesiredCount: 0 } : {}),
        CapacityProviderStrategy: [{ CapacityProvider: { Ref: 'EcsCapacityProvider' }, Weight: 1, Base: 0 }],
        PlacementStrategies: [
          ...(isProd ? [{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }] : []),
          { Type: 'binpack', Field: 'memory' },
        ],
        LoadBalancers: [{ ContainerName: app.name, ContainerPort: app.port, TargetGroupArn: { Ref: app.targetGroup } }],
        HealthCheckGracePeriodSeconds: 60,
        DeploymentConfiguration: {
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        },
        EnableECSManagedTags: true,
        PropagateTags: 'SERVICE',
      },
    },
    [`${app.id}ScalableTarget`]: {
      Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
      Properties: {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: { 'Fn::Sub': `service/\${EcsCluster}/\${${app.id}Service.Name}` },
        MinCapacity: imageTag === 'bootstrap' ? 0 : tasksMin,
        MaxCapacity: tasksMax,
        // No RoleARN: Application Auto Scaling uses its ECS service-linked role and creates it on
        // the first RegisterScalableTarget of an account, which naming it here could not.
      },
    },
    [`${app.id}CpuScaling`]: {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: `${serviceName}-cpu`,
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: `${app.id}ScalableTarget` },
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: 60,
          ScaleInCooldown: 120,
          ScaleOutCooldown: 60,
        },
      },
    },
  };
}

module.exports = async ({ resolveVariable }) => {
  // No cluster in this stage (`ecsCluster: false`): no services either.
  if (String(await resolveVariable('param:ecsCluster')) !== 'true') return {};
  const settings = {
    isProd: String(await resolveVariable('param:isProd')) === 'true',
    certificateArn: await resolveVariable('param:certificateArn'),
    stage: await resolveVariable('sls:stage'),
    tasksMin: Number(await resolveVariable('param:ecsTasksMin')),
    tasksMax: Number(await resolveVariable('param:ecsTasksMax')),
    imageTag: await resolveVariable('param:containerImageTag'),
    logRetentionDays: Number(await resolveVariable('param:logRetentionDays')),
  };
  return {
    Resources: Object.assign({}, ...APPS.map((app) => appResources(app, settings))),
    // The services the container pipelines deploy to (pipeline-triggers, through compose).
    Outputs: Object.fromEntries(
      APPS.map((app) => [`${app.id}ServiceName`, { Value: { 'Fn::GetAtt': [`${app.id}Service`, 'Name'] } }]),
    ),
  };
};
