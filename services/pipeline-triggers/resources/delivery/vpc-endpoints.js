// Interface VPC endpoints of the private subnets, one per AWS service the instances and tasks
// call, all of one shape (switched on by the `interfaceEndpoints` stage param through the
// HasInterfaceEndpoints condition declared in network.yml).
const SERVICES = [
  // ECS agent and tasks: image pulls (layers come through the free S3 gateway endpoint), logs, secrets.
  { id: 'EcrApi', service: 'ecr.api' },
  { id: 'EcrDocker', service: 'ecr.dkr' },
  { id: 'Ecs', service: 'ecs' },
  { id: 'EcsAgent', service: 'ecs-agent' },
  { id: 'EcsTelemetry', service: 'ecs-telemetry' },
  { id: 'Logs', service: 'logs' },
  { id: 'SecretsManager', service: 'secretsmanager' },
  { id: 'Ssm', service: 'ssm' },
];

module.exports = async () => ({
  Resources: Object.fromEntries(
    SERVICES.map(({ id, service }) => [
      `${id}InterfaceEndpoint`,
      {
        Type: 'AWS::EC2::VPCEndpoint',
        Condition: 'HasInterfaceEndpoints',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          VpcEndpointType: 'Interface',
          ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
          PrivateDnsEnabled: true,
          SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
          SecurityGroupIds: [{ Ref: 'EndpointSecurityGroup' }],
        },
      },
    ]),
  ),
});
