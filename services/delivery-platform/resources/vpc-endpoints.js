// Interface VPC endpoints of the private subnets, one per AWS service the instances and tasks
// call, all of one shape, and the security group they share. Created where the stage asks for
// them (`interfaceEndpoints: true`) and always where it has no NAT (`natGateways: none`): without
// NAT they are the instances' only way to these services.
const SERVICES = [
  // ECS agent and tasks: image pulls (layers come through the free S3 gateway endpoint), logs, secrets.
  { id: 'EcrApi', service: 'ecr.api' },
  { id: 'EcrDocker', service: 'ecr.dkr' },
  { id: 'Ecs', service: 'ecs' },
  { id: 'EcsAgent', service: 'ecs-agent' },
  { id: 'EcsTelemetry', service: 'ecs-telemetry' },
  { id: 'Logs', service: 'logs' },
  { id: 'SecretsManager', service: 'secretsmanager' },
  // Systems Manager: parameters, and the agent's sessions and commands (Image Builder drives its
  // build and test instances through them).
  { id: 'Ssm', service: 'ssm' },
  { id: 'SsmMessages', service: 'ssmmessages' },
  { id: 'Ec2Messages', service: 'ec2messages' },
  // The CodeDeploy agent of the EC2 variant: deployments, and the secure commands channel.
  { id: 'CodeDeploy', service: 'codedeploy' },
  { id: 'CodeDeployCommands', service: 'codedeploy-commands-secure' },
  // Image Builder's build and test instances report their workflow status to Image Builder.
  { id: 'ImageBuilder', service: 'imagebuilder' },
];

const VPC_CIDR = '10.40.0.0/16';

function endpointResources() {
  const resources = {
    EndpointSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'HTTPS to the interface VPC endpoints from inside the VPC',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: VPC_CIDR, Description: 'HTTPS from the VPC' },
        ],
        SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '127.0.0.1/32', Description: 'No outbound traffic' }],
      },
    },
  };
  for (const { id, service } of SERVICES) {
    resources[`${id}InterfaceEndpoint`] = {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        VpcEndpointType: 'Interface',
        ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
        PrivateDnsEnabled: true,
        SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
        SecurityGroupIds: [{ Ref: 'EndpointSecurityGroup' }],
      },
    };
  }
  return resources;
}

module.exports = async ({ resolveVariable }) => {
  const asked = String(await resolveVariable('param:interfaceEndpoints')) === 'true';
  const noNat = (await resolveVariable('param:natGateways')) === 'none';
  return asked || noNat ? { Resources: endpointResources() } : {};
};
module.exports.SERVICES = SERVICES;
