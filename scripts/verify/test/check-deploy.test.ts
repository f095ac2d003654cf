import type { Template } from '../../../test-support/template';
import { checkDeploy, longestName } from '../check-deploy';

const messages = (template: Template) => checkDeploy(template).map((finding) => `${finding.where}: ${finding.message}`);

const IMAGE_BUILDER_ROLE = {
  'Fn::Sub':
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
    'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder',
};

const BOUNDARY = 'arn:aws:iam::123456789012:policy/runway-prod-permissions-boundary';

const keyWithStatement = (statement: Record<string, unknown>, extra: Record<string, unknown> = {}): Template =>
  ({
    Resources: {
      Key: {
        Type: 'AWS::KMS::Key',
        ...extra,
        Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [statement] } },
      },
    },
  }) as unknown as Template;

describe('outputs', () => {
  it('rejects a Value that is a map of two intrinsics (two outputs of one name merged)', () => {
    const template = {
      Resources: {},
      Outputs: {
        HttpApiUrl: {
          Value: {
            'Fn::Join': ['', ['https://', { Ref: 'HttpApi' }]],
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
            'Fn::Sub': 'https://${HttpApi}',
          },
        },
      },
    } as unknown as Template;
    expect(messages(template)).toEqual([
      'Outputs.HttpApiUrl.Value: an output value is one string, but this is a map of Fn::Join, Fn::Sub (two outputs of the same name merged?)',
    ]);
  });

  it('accepts a string and one intrinsic', () => {
    const template = {
      Resources: {},
      Outputs: { Name: { Value: 'table' }, Arn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] } } },
    } as unknown as Template;
    expect(messages(template)).toEqual([]);
  });
});

describe('service-linked role principals', () => {
  const statement = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };

  it('rejects a principal naming a service-linked role the template does not create', () => {
    const found = messages(keyWithStatement({ ...statement, Principal: { AWS: IMAGE_BUILDER_ROLE } }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^Resources\.Key\.Properties\.KeyPolicy\.Statement\[0\]\.Principal: names the service-linked role/,
    );
  });

  it('rejects a role named AWSServiceRoleFor... without the aws-service-role path too', () => {
    const principal = { AWS: ['arn:aws:iam::123456789012:role/AWSServiceRoleForAutoScaling'] };
    expect(messages(keyWithStatement({ ...statement, Principal: principal }))).toHaveLength(1);
  });

  it('accepts it when the template creates that role and the policy waits for it', () => {
    const template = keyWithStatement({ ...statement, Principal: { AWS: IMAGE_BUILDER_ROLE } }, { DependsOn: 'Slr' });
    template.Resources.Slr = {
      Type: 'AWS::IAM::ServiceLinkedRole',
      Properties: { AWSServiceName: 'imagebuilder.amazonaws.com' },
    };
    expect(messages(template)).toEqual([]);
    delete template.Resources.Key?.DependsOn;
    expect(messages(template)).toHaveLength(1);
  });

  it('accepts the role named in a condition, behind a "*" principal', () => {
    const conditioned = {
      ...statement,
      Principal: { AWS: '*' },
      Condition: { ArnEquals: { 'aws:PrincipalArn': IMAGE_BUILDER_ROLE } },
    };
    expect(messages(keyWithStatement(conditioned))).toEqual([]);
  });
});

describe('name lengths', () => {
  const role = (RoleName: unknown): Template =>
    ({
      Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName, PermissionsBoundary: BOUNDARY } } },
    }) as unknown as Template;

  it('rejects an IAM role name over 64 characters, counting the longest region', () => {
    const name = { 'Fn::Join': ['-', ['runway-pipeline-triggers', 'prod', 'twoPersonRule', { Ref: 'AWS::Region' }]] };
    expect(longestName(name)).toBe(24 + 4 + 13 + 14 + 3);
    expect(messages(role(name))).toEqual([]);
    const longer = {
      'Fn::Join': [
        '-',
        ['runway-pipeline-triggers', 'production', 'twoPersonRule', { Ref: 'AWS::Region' }, 'lambdaRole'],
      ],
    };
    expect(messages(role(longer))).toEqual([
      'Resources.Role.Properties.RoleName: AWS::IAM::Role RoleName is 75 characters in the longest region; the limit is 64',
    ]);
  });

  it('rejects a target group and a log group over their limits, and leaves names it cannot know', () => {
    const template = {
      Resources: {
        Group: {
          Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
          Properties: { Name: 'runway-production-ami-qat-targets' },
        },
        Balancer: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Name: 'runway-prod-alb' } },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
        Function: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: { 'Fn::Sub': '${AWS::StackName}-x' } } },
        Log: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/aws/${'x'.repeat(510)}` } },
      },
    } as unknown as Template;
    expect(messages(template)).toEqual([
      'Resources.Group.Properties.Name: AWS::ElasticLoadBalancingV2::TargetGroup Name is 33 characters; the limit is 32',
      'Resources.Log.Properties.LogGroupName: AWS::Logs::LogGroup LogGroupName is 515 characters; the limit is 512',
    ]);
  });
});

describe('launch template images', () => {
  const launchTemplate = (ImageId: unknown, parameterType: string): Template =>
    ({
      Parameters: { BaseImage: { Type: parameterType, Default: '/aws/service/ami' } },
      Resources: { Template: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { ImageId } } } },
    }) as unknown as Template;

  it('rejects an image taken from an SSM-typed parameter, which every stack update resolves again', () => {
    const found = messages(launchTemplate({ Ref: 'BaseImage' }, 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/LaunchTemplateData\.ImageId: the image is the SSM-typed parameter BaseImage/);
  });

  it('accepts a dynamic reference and a plain image parameter', () => {
    expect(messages(launchTemplate('{{resolve:ssm:/aws/service/ami}}', 'String'))).toEqual([]);
    expect(messages(launchTemplate({ Ref: 'BaseImage' }, 'AWS::EC2::Image::Id'))).toEqual([]);
  });
});

describe('names unique across AWS accounts', () => {
  const resource = (Type: string, Properties: Record<string, unknown>): Template =>
    ({ Resources: { Named: { Type, Properties } } }) as unknown as Template;

  it('rejects a bucket name without the account: another organisation’s stage of that name collides', () => {
    expect(messages(resource('AWS::S3::Bucket', { BucketName: 'runway-metrics-api-prod-us-east-1-site' }))).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the message quotes a CloudFormation Fn::Sub.
      'Resources.Named.Properties.BucketName: AWS::S3::Bucket BucketName "runway-metrics-api-prod-us-east-1-site" is unique across all AWS accounts but does not include ${AWS::AccountId}: another organisation deploying this stage collides with it. Leave it unnamed (CloudFormation names it) or put the account in it',
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
    const region = { 'Fn::Sub': 'runway-prod-${AWS::Region}-site' };
    expect(messages(resource('AWS::S3::Bucket', { BucketName: region }))).toHaveLength(1);
  });

  it('rejects a Cognito domain prefix without the account', () => {
    const found = messages(resource('AWS::Cognito::UserPoolDomain', { UserPoolId: 'pool', Domain: 'runway-prod' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^Resources\.Named\.Properties\.Domain: AWS::Cognito::UserPoolDomain Domain/);
  });

  it('accepts an unnamed bucket, names carrying the account, and a custom sign-in domain', () => {
    expect(messages(resource('AWS::S3::Bucket', {}))).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
    const sub = { 'Fn::Sub': 'runway-prod-${AWS::AccountId}' };
    const join = { 'Fn::Join': ['-', ['runway-prod', { Ref: 'AWS::AccountId' }]] };
    expect(messages(resource('AWS::S3::Bucket', { BucketName: sub }))).toEqual([]);
    expect(messages(resource('AWS::Cognito::UserPoolDomain', { Domain: join }))).toEqual([]);
    expect(messages(resource('AWS::Cognito::UserPoolDomain', { Domain: 'auth.example.com' }))).toEqual([]);
  });
});

describe('fixed names on retained resources', () => {
  // prod's activities table as it was before table-names.js: retained, and named by convention.
  const table = (extra: Record<string, unknown>, DeletionPolicy = 'Retain'): Template =>
    ({
      Resources: {
        ActivitiesTable: {
          Type: 'AWS::DynamoDB::Table',
          DeletionPolicy,
          UpdateReplacePolicy: DeletionPolicy,
          Properties: { BillingMode: 'PAY_PER_REQUEST', ...extra },
        },
      },
    }) as unknown as Template;

  it('rejects a retained table with a fixed name: after a removal the stage cannot be deployed again', () => {
    expect(messages(table({ TableName: 'runway-metrics-api-prod-activities' }))).toEqual([
      'Resources.ActivitiesTable.Properties.TableName: AWS::DynamoDB::Table TableName "runway-metrics-api-prod-activities" is fixed, and the stack\'s deletion retains the resource (DeletionPolicy Retain): it keeps the name taken, so the stage cannot be deployed again after a removal. Leave it for CloudFormation to name (tables: shared/serverless/table-names.js) and give its users the name through Ref and outputs',
    ]);
    expect(messages(table({ TableName: 'runway-prod-weeks' }, 'RetainExceptOnCreate'))).toHaveLength(1);
  });

  it('rejects a name built from the stage or the region alone', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string.
    const sub = { 'Fn::Sub': 'runway-${AWS::Region}-${AWS::AccountId}-weeks' };
    expect(messages(table({ TableName: sub }))).toHaveLength(1);
    const repository = {
      Resources: {
        Repo: { Type: 'AWS::ECR::Repository', DeletionPolicy: 'Retain', Properties: { RepositoryName: 'runway-app' } },
      },
    } as unknown as Template;
    expect(messages(repository)).toHaveLength(1);
  });

  it('accepts a retained table CloudFormation names, one carrying the stack id, and a named table deleted with its stack', () => {
    expect(messages(table({}))).toEqual([]);
    expect(messages(table({ TableName: { Ref: 'AWS::NoValue' } }))).toEqual([]);
    const stackId = { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] };
    expect(messages(table({ TableName: { 'Fn::Join': ['-', ['runway-prod-weeks', stackId]] } }))).toEqual([]);
    expect(messages(table({ TableName: 'runway-metrics-api-dev-activities' }, 'Delete'))).toEqual([]);
  });
});

describe('Auto Scaling launch template versions', () => {
  const group = (LaunchTemplate: unknown, extra: Record<string, unknown> = {}): Template =>
    ({
      Resources: {
        Fleet: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate, ...extra } },
      },
    }) as unknown as Template;

  it.each(['$Default', '$Latest'])('rejects %s, which CloudFormation does not support there', (version) => {
    expect(messages(group({ LaunchTemplateId: { Ref: 'Template' }, Version: version }))).toEqual([
      `Resources.Fleet.Properties.LaunchTemplate.Version: CloudFormation does not support ${version} as an Auto Scaling group's launch template version: give a number or Fn::GetAtt <LaunchTemplate>.DefaultVersionNumber (and let the group follow later defaults through the Auto Scaling API, as onImageBuilt does)`,
    ]);
  });

  it('rejects it in a mixed instances policy too', () => {
    const mixed = {
      MixedInstancesPolicy: {
        LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'fleet', Version: '$Latest' } },
      },
    };
    expect(messages(group(undefined, mixed))).toHaveLength(1);
  });

  it('accepts a version number and Fn::GetAtt of the default version', () => {
    expect(messages(group({ LaunchTemplateId: 'lt-0abc', Version: '3' }))).toEqual([]);
    const getAtt = { 'Fn::GetAtt': ['Template', 'DefaultVersionNumber'] };
    expect(messages(group({ LaunchTemplateId: { Ref: 'Template' }, Version: getAtt }))).toEqual([]);
  });
});

describe('permissions boundaries', () => {
  const role = (properties: Record<string, unknown>): Template =>
    ({
      Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, ...properties } } },
    }) as unknown as Template;

  it('rejects a role without one: the pipeline’s execution role may create a role only with the boundary', () => {
    expect(messages(role({}))).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the message names an osls variable.
      "Resources.Role.Properties.PermissionsBoundary: a role without the stage's permissions boundary: give it PermissionsBoundary: ${self:custom.deployAccess.permissionsBoundary} (the pipeline can create or change a role only with it)",
    ]);
  });

  it('accepts a role that carries one', () => {
    expect(messages(role({ PermissionsBoundary: BOUNDARY }))).toEqual([]);
  });
});

describe('conditions', () => {
  it('rejects a condition: a packaged template holds only what its stage creates', () => {
    const template = {
      Conditions: { IsProd: { 'Fn::Equals': ['true', 'true'] } },
      Resources: {},
    } as unknown as Template;
    expect(messages(template)).toEqual([
      'Conditions.IsProd: a condition on a stage param: choose it when packaging (a param, a file the param picks, a JS include)',
    ]);
  });
});
