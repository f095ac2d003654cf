import { generatedName, randomAlphanumeric, randomHex, randomLower, uuid } from './synthetic-ids';

/**
 * What a created resource looks like from outside: its physical id (what `Ref` gives) and its
 * attributes (what `Fn::GetAtt` gives), shaped as AWS shapes them, for the types Runway declares.
 * Other types get a generic identity: the name, an ARN of the service's usual form.
 */

export interface IdentityInput {
  type: string;
  logicalId: string;
  properties: Record<string, unknown>;
  stackName: string;
  region: string;
  accountId: string;
}

export interface ResourceIdentity {
  physicalId: string;
  attributes: Record<string, unknown>;
  /** The name the template chose, when the type's name is unique in the account. */
  explicitName?: string;
}

interface NameRule {
  property: string;
  maxLength?: number;
  lowerCase?: boolean;
  /** A second resource of this name in the account fails to create ("already exists"). */
  unique?: boolean;
}

type Identify = (
  name: string,
  input: IdentityInput,
  arn: (resource: string, service?: string) => string,
) => {
  ref?: string;
  attributes?: Record<string, unknown>;
};

interface TypeFacts {
  name?: NameRule;
  identify?: Identify;
}

const prop = (input: IdentityInput, name: string) => input.properties[name];

const elb = (kind: 'app' | 'net', name: string, input: IdentityInput, arn: (resource: string) => string) => {
  const fullName = `${kind}/${name}/${randomHex(16)}`;
  return {
    ref: arn(`loadbalancer/${fullName}`),
    attributes: {
      DNSName: `${name}-${randomHex(10)}.${input.region}.elb.amazonaws.com`,
      LoadBalancerFullName: fullName,
      LoadBalancerName: name,
      CanonicalHostedZoneID: 'Z35SXDOTRQ7X7K',
      SecurityGroups: prop(input, 'SecurityGroups') ?? [],
    },
  };
};

const ec2 = (prefix: string, idAttribute?: string): TypeFacts => ({
  identify: () => {
    const id = `${prefix}-${randomHex(17)}`;
    return { ref: id, attributes: idAttribute ? { [idAttribute]: id } : {} };
  },
});

const imageBuilder = (kind: string, versioned: boolean): TypeFacts => ({
  name: { property: 'Name', maxLength: 126 },
  identify: (name, input, arn) => {
    const version = versioned ? `/${String(prop(input, 'Version') ?? '1.0.0')}` : '';
    const build = kind === 'component' ? '/1' : '';
    return { ref: arn(`${kind}/${name.toLowerCase()}${version}${build}`), attributes: { Name: name } };
  },
});

const TYPES: Record<string, TypeFacts> = {
  'AWS::S3::Bucket': {
    name: { property: 'BucketName', maxLength: 63, lowerCase: true, unique: true },
    identify: (name, input) => ({
      attributes: {
        Arn: `arn:aws:s3:::${name}`,
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${input.region}.amazonaws.com`,
        DualStackDomainName: `${name}.s3.dualstack.${input.region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${input.region}.amazonaws.com`,
      },
    }),
  },
  'AWS::DynamoDB::Table': {
    name: { property: 'TableName', maxLength: 255, unique: true },
    identify: (name, _input, arn) => ({
      attributes: {
        Arn: arn(`table/${name}`),
        StreamArn: arn(`table/${name}/stream/${new Date().toISOString().replace(/Z$/, '')}`),
      },
    }),
  },
  'AWS::ECR::Repository': {
    name: { property: 'RepositoryName', maxLength: 256, lowerCase: true, unique: true },
    identify: (name, input, arn) => ({
      attributes: {
        Arn: arn(`repository/${name}`),
        RepositoryUri: `${input.accountId}.dkr.ecr.${input.region}.amazonaws.com/${name}`,
      },
    }),
  },
  'AWS::SNS::Topic': {
    name: { property: 'TopicName', maxLength: 256, unique: true },
    identify: (name, _input, arn) => ({ ref: arn(name), attributes: { TopicArn: arn(name), TopicName: name } }),
  },
  'AWS::SQS::Queue': {
    name: { property: 'QueueName', maxLength: 80, unique: true },
    identify: (name, input, arn) => {
      const url = `https://sqs.${input.region}.amazonaws.com/${input.accountId}/${name}`;
      return { ref: url, attributes: { Arn: arn(name), QueueName: name, QueueUrl: url } };
    },
  },
  'AWS::Lambda::Function': {
    name: { property: 'FunctionName', maxLength: 64, unique: true },
    identify: (name, _input, arn) => ({ attributes: { Arn: arn(`function:${name}`) } }),
  },
  'AWS::Lambda::Version': {
    identify: (_name, input) => {
      const functionName = String(prop(input, 'FunctionName'));
      const functionArn = functionName.startsWith('arn:')
        ? functionName
        : `arn:aws:lambda:${input.region}:${input.accountId}:function:${functionName}`;
      return { ref: `${functionArn}:1`, attributes: { Version: '1', FunctionArn: functionArn } };
    },
  },
  'AWS::IAM::Role': {
    name: { property: 'RoleName', maxLength: 64, unique: true },
    identify: (name, input, arn) => ({
      attributes: {
        Arn: arn(`role${String(prop(input, 'Path') ?? '/')}${name}`, 'iam'),
        RoleId: `AROA${randomAlphanumeric(17)}`,
      },
    }),
  },
  'AWS::IAM::ManagedPolicy': {
    name: { property: 'ManagedPolicyName', maxLength: 128, unique: true },
    identify: (name, input, arn) => {
      const policyArn = arn(`policy${String(prop(input, 'Path') ?? '/')}${name}`, 'iam');
      return { ref: policyArn, attributes: { PolicyArn: policyArn, PolicyId: `ANPA${randomAlphanumeric(17)}` } };
    },
  },
  'AWS::IAM::InstanceProfile': {
    name: { property: 'InstanceProfileName', maxLength: 128, unique: true },
    identify: (name, _input, arn) => ({ attributes: { Arn: arn(`instance-profile/${name}`, 'iam') } }),
  },
  'AWS::IAM::Group': {
    name: { property: 'GroupName', maxLength: 128, unique: true },
    identify: (name, _input, arn) => ({
      attributes: { Arn: arn(`group/${name}`, 'iam'), GroupId: `AGPA${randomAlphanumeric(17)}` },
    }),
  },
  'AWS::Logs::LogGroup': {
    name: { property: 'LogGroupName', maxLength: 512, unique: true },
    identify: (name, _input, arn) => ({ attributes: { Arn: arn(`log-group:${name}:*`) } }),
  },
  'AWS::SSM::Parameter': {
    name: { property: 'Name', maxLength: 1011, unique: true },
    identify: (_name, input) => ({
      attributes: { Type: prop(input, 'Type') ?? 'String', Value: prop(input, 'Value') },
    }),
  },
  'AWS::CloudWatch::Alarm': {
    name: { property: 'AlarmName', maxLength: 255, unique: true },
    identify: (name, _input, arn) => ({ attributes: { Arn: arn(`alarm:${name}`) } }),
  },
  'AWS::Events::Rule': {
    name: { property: 'Name', maxLength: 64, unique: true },
    identify: (name, _input, arn) => ({ attributes: { Arn: arn(`rule/${name}`) } }),
  },
  'AWS::KMS::Key': {
    identify: (_name, _input, arn) => {
      const id = uuid();
      return { ref: id, attributes: { Arn: arn(`key/${id}`), KeyId: id } };
    },
  },
  'AWS::KMS::Alias': { name: { property: 'AliasName' } },
  'AWS::Cognito::UserPool': {
    identify: (_name, input, arn) => {
      const id = `${input.region}_${randomAlphanumeric(9)}`;
      const provider = `cognito-idp.${input.region}.amazonaws.com/${id}`;
      return {
        ref: id,
        attributes: {
          Arn: arn(`userpool/${id}`),
          ProviderName: provider,
          ProviderURL: `https://${provider}`,
          UserPoolId: id,
        },
      };
    },
  },
  'AWS::Cognito::UserPoolClient': {
    identify: () => {
      const id = randomLower(26);
      return { ref: id, attributes: { ClientId: id, ClientSecret: randomLower(52), Name: id } };
    },
  },
  'AWS::Cognito::UserPoolDomain': {
    identify: (_name, input) => {
      const domain = String(prop(input, 'Domain'));
      return { ref: domain, attributes: { CloudFrontDistribution: `d${randomLower(13)}.cloudfront.net` } };
    },
  },
  'AWS::Cognito::UserPoolGroup': { name: { property: 'GroupName' } },
  'AWS::CloudFront::Distribution': {
    identify: () => {
      const id = `E${randomAlphanumeric(13)}`;
      return { ref: id, attributes: { Id: id, DomainName: `d${randomLower(13)}.cloudfront.net` } };
    },
  },
  'AWS::CloudFront::OriginAccessControl': {
    identify: () => {
      const id = `E${randomAlphanumeric(13)}`;
      return { ref: id, attributes: { Id: id } };
    },
  },
  'AWS::CloudFront::ResponseHeadersPolicy': {
    identify: () => {
      const id = uuid();
      return { ref: id, attributes: { Id: id, LastModifiedTime: new Date().toISOString() } };
    },
  },
  'AWS::ApiGatewayV2::Api': {
    identify: (_name, input) => {
      const id = randomLower(10);
      return {
        ref: id,
        attributes: { ApiId: id, ApiEndpoint: `https://${id}.execute-api.${input.region}.amazonaws.com` },
      };
    },
  },
  'AWS::ApiGatewayV2::Stage': { name: { property: 'StageName' } },
  'AWS::EC2::VPC': {
    identify: (_name, input) => {
      const id = `vpc-${randomHex(17)}`;
      return {
        ref: id,
        attributes: { VpcId: id, CidrBlock: prop(input, 'CidrBlock'), DefaultSecurityGroup: `sg-${randomHex(17)}` },
      };
    },
  },
  'AWS::EC2::Subnet': {
    identify: (_name, input) => {
      const id = `subnet-${randomHex(17)}`;
      return {
        ref: id,
        attributes: {
          SubnetId: id,
          VpcId: prop(input, 'VpcId'),
          AvailabilityZone: prop(input, 'AvailabilityZone') ?? `${input.region}a`,
        },
      };
    },
  },
  'AWS::EC2::SecurityGroup': {
    identify: (_name, input) => {
      const id = `sg-${randomHex(17)}`;
      return { ref: id, attributes: { GroupId: id, VpcId: prop(input, 'VpcId') } };
    },
  },
  'AWS::EC2::RouteTable': ec2('rtb', 'RouteTableId'),
  'AWS::EC2::InternetGateway': ec2('igw', 'InternetGatewayId'),
  'AWS::EC2::NatGateway': ec2('nat', 'NatGatewayId'),
  'AWS::EC2::VPCEndpoint': ec2('vpce', 'Id'),
  'AWS::EC2::FlowLog': ec2('fl', 'Id'),
  'AWS::EC2::SubnetRouteTableAssociation': ec2('rtbassoc', 'Id'),
  'AWS::EC2::EIP': {
    identify: () => {
      const ip = `3.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      return { ref: ip, attributes: { PublicIp: ip, AllocationId: `eipalloc-${randomHex(17)}` } };
    },
  },
  'AWS::EC2::LaunchTemplate': {
    identify: (name) => {
      const id = `lt-${randomHex(17)}`;
      return {
        ref: id,
        attributes: {
          LaunchTemplateId: id,
          LatestVersionNumber: '1',
          DefaultVersionNumber: '1',
          LaunchTemplateName: name,
        },
      };
    },
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    name: { property: 'Name', maxLength: 32 },
    identify: (name, input, arn) => elb(prop(input, 'Type') === 'network' ? 'net' : 'app', name, input, arn),
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    name: { property: 'Name', maxLength: 32 },
    identify: (name, _input, arn) => {
      const fullName = `targetgroup/${name}/${randomHex(16)}`;
      return {
        ref: arn(fullName),
        attributes: {
          TargetGroupFullName: fullName,
          TargetGroupName: name,
          TargetGroupArn: arn(fullName),
          LoadBalancerArns: [],
        },
      };
    },
  },
  'AWS::ElasticLoadBalancingV2::Listener': {
    identify: (_name, _input, arn) => {
      const listenerArn = arn(`listener/app/${randomLower(12)}/${randomHex(16)}/${randomHex(16)}`);
      return { ref: listenerArn, attributes: { ListenerArn: listenerArn } };
    },
  },
  'AWS::RDS::DBInstance': {
    name: { property: 'DBInstanceIdentifier', maxLength: 63, lowerCase: true, unique: true },
    identify: (name, input, arn) => {
      const port = prop(input, 'Port') ?? (String(prop(input, 'Engine')).includes('postgres') ? '5432' : '3306');
      const address = `${name}.${randomLower(12)}.${input.region}.rds.amazonaws.com`;
      return {
        attributes: {
          DBInstanceArn: arn(`db:${name}`),
          'Endpoint.Address': address,
          'Endpoint.Port': String(port),
          'MasterUserSecret.SecretArn': `arn:aws:secretsmanager:${input.region}:${input.accountId}:secret:rds!db-${uuid()}-${randomAlphanumeric(6)}`,
        },
      };
    },
  },
  'AWS::RDS::DBSubnetGroup': { name: { property: 'DBSubnetGroupName', maxLength: 255, lowerCase: true } },
  'AWS::CodeBuild::Project': {
    name: { property: 'Name', maxLength: 150, unique: true },
    identify: (name, _input, arn) => ({ attributes: { Arn: arn(`project/${name}`) } }),
  },
  'AWS::CodeBuild::ReportGroup': {
    name: { property: 'Name', maxLength: 128 },
    identify: (name, _input, arn) => ({
      ref: arn(`report-group/${name}`),
      attributes: { Arn: arn(`report-group/${name}`) },
    }),
  },
  'AWS::CodePipeline::Pipeline': {
    name: { property: 'Name', maxLength: 100, unique: true },
    identify: () => ({ attributes: { Version: '1' } }),
  },
  'AWS::CodeStarConnections::Connection': {
    name: { property: 'ConnectionName', maxLength: 32 },
    identify: (_name, _input, arn) => {
      const connectionArn = arn(`connection/${uuid()}`, 'codeconnections');
      return { ref: connectionArn, attributes: { ConnectionArn: connectionArn, ConnectionStatus: 'PENDING' } };
    },
  },
  'AWS::ImageBuilder::Component': imageBuilder('component', true),
  'AWS::ImageBuilder::ImageRecipe': imageBuilder('image-recipe', true),
  'AWS::ImageBuilder::InfrastructureConfiguration': imageBuilder('infrastructure-configuration', false),
  'AWS::ImageBuilder::DistributionConfiguration': imageBuilder('distribution-configuration', false),
  'AWS::ImageBuilder::ImagePipeline': imageBuilder('image-pipeline', false),
  'AWS::ECS::Cluster': {
    name: { property: 'ClusterName', maxLength: 255 },
    identify: (name, _input, arn) => ({ attributes: { Arn: arn(`cluster/${name}`) } }),
  },
  'AWS::ECS::Service': {
    name: { property: 'ServiceName', maxLength: 255 },
    identify: (name, _input, arn) => ({
      ref: arn(`service/${name}`),
      attributes: { Name: name, ServiceArn: arn(`service/${name}`) },
    }),
  },
  'AWS::ECS::TaskDefinition': {
    identify: (name, input, arn) => {
      const taskArn = arn(`task-definition/${String(prop(input, 'Family') ?? name)}:1`);
      return { ref: taskArn, attributes: { TaskDefinitionArn: taskArn } };
    },
  },
  'AWS::SNS::Subscription': { identify: (_name, input) => ({ ref: `${String(prop(input, 'TopicArn'))}:${uuid()}` }) },
  'AWS::S3::BucketPolicy': { identify: (_name, input) => ({ ref: String(prop(input, 'Bucket')) }) },
  'AWS::SecretsManager::Secret': {
    name: { property: 'Name', maxLength: 512 },
    identify: (name, _input, arn) => ({
      ref: arn(`secret:${name}-${randomAlphanumeric(6)}`),
      attributes: { Id: name },
    }),
  },
};

/** The service part of an ARN for a type: `AWS::ElasticLoadBalancingV2::...` → `elasticloadbalancing`. */
function arnService(type: string): string {
  const service = (type.split('::')[1] ?? '').toLowerCase();
  const aliases: Record<string, string> = {
    elasticloadbalancingv2: 'elasticloadbalancing',
    cloudwatch: 'cloudwatch',
    cognito: 'cognito-idp',
    imagebuilder: 'imagebuilder',
    apigatewayv2: 'apigateway',
    applicationautoscaling: 'application-autoscaling',
  };
  return aliases[service] ?? service;
}

/** A generic name: a `Name` property or `<Type>Name` (`ClusterName` for `AWS::ECS::Cluster`). */
function genericNameRule(input: IdentityInput): NameRule | undefined {
  const typeName = input.type.split('::')[2] ?? '';
  const property = ['Name', `${typeName}Name`].find((candidate) => typeof input.properties[candidate] === 'string');
  return property ? { property } : undefined;
}

export function identify(input: IdentityInput): ResourceIdentity {
  const facts = TYPES[input.type] ?? {};
  const rule = facts.name ?? genericNameRule(input);
  const chosen = rule ? input.properties[rule.property] : undefined;
  const name =
    typeof chosen === 'string' && chosen !== ''
      ? chosen
      : generatedName(input.stackName, input.logicalId, rule?.maxLength ?? 64, rule?.lowerCase ?? false);
  const service = arnService(input.type);
  const global = service === 'iam' || service === 's3';
  const arn = (resource: string, override?: string) =>
    `arn:aws:${override ?? service}:${global || override === 'iam' ? '' : input.region}:${override === 's3' ? '' : input.accountId}:${resource}`;
  const { ref, attributes = {} } = facts.identify?.(name, input, arn) ?? {};
  const physicalId = ref ?? name;
  const typeName = (input.type.split('::')[2] ?? '').replace(/^./, (letter) => letter.toLowerCase());
  return {
    physicalId,
    attributes: { Arn: physicalId.startsWith('arn:') ? physicalId : arn(`${typeName}/${physicalId}`), ...attributes },
    explicitName: rule?.unique && typeof chosen === 'string' && chosen !== '' ? chosen : undefined,
  };
}

/** `Fn::GetAtt` of an attribute the type table does not know: a property of that name, or a value derived from the id. */
export function fallbackAttribute(physicalId: string, properties: Record<string, unknown>, attribute: string): unknown {
  if (attribute in properties) return properties[attribute];
  return attribute.endsWith('Id') || attribute.endsWith('Name') ? physicalId : `${physicalId}/${attribute}`;
}
