import type { Template, TemplateResource } from '../../../test-support/template';
import { loadCfnSpec } from '../cfn-spec';
import { checkSpec } from '../check-spec';

const spec = loadCfnSpec();
const templateOf = (resource: TemplateResource): Template => ({ Resources: { Subject: resource } });
const messages = (resource: TemplateResource) =>
  checkSpec(spec, templateOf(resource)).map((finding) => finding.message);

const deploymentGroup = (properties: Record<string, unknown>): TemplateResource =>
  ({
    Type: 'AWS::CodeDeploy::DeploymentGroup',
    Properties: { ApplicationName: 'app', ServiceRoleArn: 'arn:role', ...properties },
  }) as TemplateResource;

describe('checkSpec', () => {
  it('accepts a resource written as the spec describes it', () => {
    const valid = deploymentGroup({
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      AutoScalingGroups: [{ Ref: 'Group' }],
    });
    expect(messages(valid)).toEqual([]);
  });

  it('rejects a resource type CloudFormation does not have', () => {
    expect(messages({ Type: 'AWS::EC2::Vpc' })).toEqual(['unknown resource type AWS::EC2::Vpc']);
  });

  it('rejects a property the type does not have, at the top and inside nested property types', () => {
    const wrong = deploymentGroup({
      BlueGreen: {},
      BlueGreenDeploymentConfiguration: { TerminateBlueInstancesOnDeploymentSuccess: { WaitMinutes: 5 } },
    });
    expect(messages(wrong)).toEqual([
      'AWS::CodeDeploy::DeploymentGroup has no property "BlueGreen"',
      'BlueInstanceTerminationOption has no property "WaitMinutes"',
    ]);
  });

  it('names a missing required property', () => {
    expect(messages({ Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: { ApplicationName: 'app' } })).toEqual([
      'AWS::CodeDeploy::DeploymentGroup requires "ServiceRoleArn"',
    ]);
  });

  it('rejects a value of the wrong shape but accepts the string forms CloudFormation coerces', () => {
    expect(messages(deploymentGroup({ AutoScalingGroups: 'group' }))).toEqual(['expected Array<string>, got "group"']);
    expect(messages(deploymentGroup({ AutoRollbackConfiguration: { Enabled: 'true' } }))).toEqual([]);
    expect(messages(deploymentGroup({ AutoRollbackConfiguration: { Enabled: 'maybe' } }))).toEqual([
      'expected a boolean, got "maybe"',
    ]);
  });

  it('rejects a boolean or a number where the spec says string (a load balancer attribute, a group size)', () => {
    const loadBalancer = (value: unknown): TemplateResource =>
      ({
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: value }] },
      }) as TemplateResource;
    expect(messages(loadBalancer(true))).toEqual(['expected a string, got the boolean true']);
    expect(messages(loadBalancer('true'))).toEqual([]);
    const group = (size: unknown): TemplateResource =>
      ({ Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: size, MaxSize: '2' } }) as TemplateResource;
    expect(messages(group(1))).toEqual(['expected a string, got the number 1']);
    expect(messages(group('1'))).toEqual([]);
  });

  it('checks both branches of an Fn::If and leaves other intrinsics to CloudFormation', () => {
    const conditional = deploymentGroup({
      DeploymentStyle: { 'Fn::If': ['Prod', { DeploymentType: 'BLUE_GREEN' }, { Type: 'IN_PLACE' }] },
      DeploymentConfigName: { 'Fn::Sub': `\${Config}` },
    });
    expect(messages(conditional)).toEqual(['DeploymentStyle has no property "Type"']);
  });

  it('rejects a deletion policy CloudFormation does not know', () => {
    expect(messages({ ...deploymentGroup({}), DeletionPolicy: 'Keep' })).toEqual(['invalid deletion policy "Keep"']);
  });
});
