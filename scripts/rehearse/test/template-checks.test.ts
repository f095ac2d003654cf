import type { Template } from '../../../test-support/template';
import {
  composeFeeds,
  ecsTasksWithoutImage,
  globalNamesWithoutAccount,
  oneServiceDrift,
  protectedAtRemoval,
  retainedResources,
} from '../template-checks';

const ACCOUNT = '123456789012';

const template = (resources: Template['Resources']): Template => ({ Resources: resources });

describe('global names', () => {
  it('fails on a bucket name or a Cognito domain that names no account', () => {
    const problems = globalNamesWithoutAccount(
      'runway-metrics-api-prod',
      template({
        SiteBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'runway-metrics-api-prod-us-east-1-site' } },
        SignInDomain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { Domain: 'runway-metrics-api-prod' } },
      }),
      ACCOUNT,
    );
    expect(problems.map((problem) => problem.where)).toEqual([
      'runway-metrics-api-prod SiteBucket',
      'runway-metrics-api-prod SignInDomain',
    ]);
    expect(problems[0]?.message).toContain('names no account');
  });

  it('accepts names with the account, or left to CloudFormation', () => {
    const problems = globalNamesWithoutAccount(
      'stack',
      template({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
        A: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': 'runway-${AWS::AccountId}-site' } } },
        B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: `runway-${ACCOUNT}-logs` } },
        C: { Type: 'AWS::S3::Bucket', Properties: {} },
        D: {
          Type: 'AWS::Cognito::UserPoolDomain',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
          Properties: { Domain: { 'Fn::Sub': 'runway-prod-${AWS::AccountId}' } },
        },
      }),
      ACCOUNT,
    );
    expect(problems).toEqual([]);
  });
});

describe('removal', () => {
  it('fails on a deletion-protected resource the removal would delete', () => {
    const problems = protectedAtRemoval(
      'runway-delivery-platform-prod',
      template({
        LoadBalancer: {
          Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          Properties: { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] },
        },
        Database: {
          Type: 'AWS::RDS::DBInstance',
          DeletionPolicy: 'Snapshot',
          Properties: { DeletionProtection: true },
        },
        Table: {
          Type: 'AWS::DynamoDB::Table',
          DeletionPolicy: 'Retain',
          Properties: { DeletionProtectionEnabled: true },
        },
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: { DeletionProtection: 'INACTIVE' } },
      }),
    );
    expect(problems.map((problem) => problem.where)).toEqual([
      'runway-delivery-platform-prod LoadBalancer',
      'runway-delivery-platform-prod Database',
    ]);
  });

  it('lists what a removal keeps: Retain, and Snapshot’s snapshot', () => {
    expect(
      retainedResources(
        template({
          B: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' },
          A: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot' },
          C: { Type: 'AWS::SNS::Topic', DeletionPolicy: 'Delete' },
          D: { Type: 'AWS::SNS::Topic' },
          E: { Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain' },
        }),
      ),
    ).toEqual(['A', 'B']);
  });
});

describe('one-service deploys', () => {
  const composeSent = template({
    ImageInfrastructure: {
      Type: 'AWS::ImageBuilder::InfrastructureConfiguration',
      Properties: { SubnetId: 'subnet-0abc', SecurityGroupIds: ['sg-0abc'] },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: 'serverless/runway-x/prod/1700000000000-2026-12-02T10:00:00.000Z/fn.zip' } },
    },
  });

  it('accepts the same template as compose sent, whatever the deployment folder', () => {
    const again = JSON.parse(
      JSON.stringify(composeSent).replace(
        '1700000000000-2026-12-02T10:00:00.000Z',
        '1700000099999-2026-12-02T11:00:00.000Z',
      ),
    );
    expect(
      oneServiceDrift('image-pipeline-starter', 'runway-ips-prod', composeSent, [
        { stackName: 'runway-ips-prod', template: again },
      ]),
    ).toEqual([]);
  });

  it('fails when deployed alone it sends other settings than compose did (params back to their defaults)', () => {
    const alone = template({
      ...composeSent.Resources,
      ImageInfrastructure: { Type: 'AWS::ImageBuilder::InfrastructureConfiguration', Properties: {} },
    });
    const problems = oneServiceDrift('image-pipeline-starter', 'runway-ips-prod', composeSent, [
      { stackName: 'runway-ips-prod', template: alone },
    ]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.message).toContain('Resources.ImageInfrastructure.Properties.SubnetId');
  });

  it('fails when deploying one service changes another stack', () => {
    const problems = oneServiceDrift('metrics-api', 'runway-metrics-api-prod', composeSent, [
      { stackName: 'runway-pipeline-triggers-prod', template: composeSent },
    ]);
    expect(problems).toEqual([
      { where: 'runway-pipeline-triggers-prod', message: expect.stringContaining('changed another stack') },
    ]);
  });
});

describe('compose feeds and the bootstrap', () => {
  it('fails when a value compose passes did not reach the consumer’s template', () => {
    const feeds = [{ consumerStack: 'c', param: 'buildSubnetId', producerStack: 'p', output: 'BuildSubnetId' }];
    const outputs = () => ({ BuildSubnetId: 'subnet-0abc' });
    expect(
      composeFeeds(feeds, outputs, () => template({ X: { Type: 'T', Properties: { SubnetId: 'subnet-0abc' } } })),
    ).toEqual([]);
    expect(
      composeFeeds(feeds, outputs, () => template({ X: { Type: 'T', Properties: { SubnetId: 'none' } } })),
    ).toHaveLength(1);
  });

  it('asks nothing of a consumer whose stage declares nothing but the framework’s bucket', () => {
    const feeds = [
      { consumerStack: 'c', param: 'artifactBucketName', producerStack: 'p', output: 'ArtifactBucketName' },
    ];
    const outputs = () => ({ ArtifactBucketName: 'runway-p-artifactbucket-0abc' });
    const frameworkOnly = template({
      ServerlessDeploymentBucket: { Type: 'AWS::S3::Bucket' },
      ServerlessDeploymentBucketPolicy: { Type: 'AWS::S3::BucketPolicy' },
    });
    expect(composeFeeds(feeds, outputs, () => frameworkOnly)).toEqual([]);
    const withPipeline = template({ ...frameworkOnly.Resources, Pipeline: { Type: 'AWS::CodePipeline::Pipeline' } });
    expect(composeFeeds(feeds, outputs, () => withPipeline)).toHaveLength(1);
  });

  it('fails on ECS scaling minimums above 0 while no image exists', () => {
    const target = (min: number) =>
      template({
        T: {
          Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
          Properties: { ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: min },
        },
      });
    expect(ecsTasksWithoutImage('s', target(0))).toEqual([]);
    expect(ecsTasksWithoutImage('s', target(2))).toHaveLength(1);
  });
});
