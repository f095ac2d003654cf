/**
 * The delivery platform (resources/): the network, load balancers, ECS, the EC2 variant's fleets,
 * ECR, the database and the delivery topics, read from the packaged templates of dev and prod (each
 * holds only what its stage creates). What the pipelines do with it is pipeline-triggers' test
 * (delivery-infrastructure.infra.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagedTemplate } from '../../../test-support/packaged-templates';
import { packageService } from '../../../test-support/packaging';
import { type Json, type JsonObject, type TemplateView, templateView } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
let dev: TemplateView;
let prod: TemplateView;

beforeAll(async () => {
  dev = templateView(await packagedTemplate('delivery-platform', 'dev'));
  prod = templateView(await packagedTemplate('delivery-platform', 'prod'));
}, PACKAGING_TIMEOUT);

const props = (view: TemplateView, logicalId: string) => view.resource(logicalId).Properties;
const object = (value: Json | undefined) => value as JsonObject;
const list = (value: Json | undefined) => value as Json[];
const first = (value: Json | undefined) => (value as Json[])[0] as JsonObject;

describe('ECS on EC2 capacity and scaling', () => {
  it('runs 3 to 5 container instances in prod and 1 to 2 in dev', () => {
    expect(props(prod, 'EcsAutoScalingGroup')).toMatchObject({ MinSize: '3', MaxSize: '5' });
    expect(props(dev, 'EcsAutoScalingGroup')).toMatchObject({ MinSize: '1', MaxSize: '2' });
  });

  it('takes the images from public SSM parameters that a routine stack update does not resolve again', () => {
    // A dynamic reference is resolved again only when its text changes; a parameter of type
    // AWS::SSM::Parameter::Value on every stack operation.
    const imageOf = (id: string) => object(props(prod, id).LaunchTemplateData).ImageId;
    expect(imageOf('EcsLaunchTemplate')).toBe(
      '{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}}',
    );
    for (const id of ['AmiQatLaunchTemplate', 'AmiProductionLaunchTemplate']) {
      expect(imageOf(id)).toBe('{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}');
    }
  });

  it('feeds the cluster through a capacity provider with managed scaling at 80 %', () => {
    const provider = object(props(prod, 'EcsCapacityProvider').AutoScalingGroupProvider);
    expect(provider.ManagedScaling).toMatchObject({ Status: 'ENABLED', TargetCapacity: 80 });
    expect(props(prod, 'EcsClusterCapacityProviders').CapacityProviders).toEqual([{ Ref: 'EcsCapacityProvider' }]);
  });

  it.each(['Frontend', 'Backend'])(
    'scales the %s service on CPU between 2 and 5 tasks in prod, 1 and 2 in dev',
    (app) => {
      expect(props(prod, `${app}ScalableTarget`)).toMatchObject({ MinCapacity: 2, MaxCapacity: 5 });
      expect(props(dev, `${app}ScalableTarget`)).toMatchObject({ MinCapacity: 1, MaxCapacity: 2 });
      const policy = object(props(prod, `${app}CpuScaling`).TargetTrackingScalingPolicyConfiguration);
      expect(object(policy.PredefinedMetricSpecification).PredefinedMetricType).toBe('ECSServiceAverageCPUUtilization');
    },
  );

  it('spreads prod tasks across availability zones before packing them, and only packs in dev', () => {
    expect(props(prod, 'BackendService').PlacementStrategies).toEqual([
      { Type: 'spread', Field: 'attribute:ecs.availability-zone' },
      { Type: 'binpack', Field: 'memory' },
    ]);
    expect(props(dev, 'BackendService').PlacementStrategies).toEqual([{ Type: 'binpack', Field: 'memory' }]);
  });

  it('gives the containers their settings and credentials only as Parameter Store and Secrets Manager references', () => {
    for (const view of [dev, prod]) {
      for (const id of view.ofType('AWS::ECS::TaskDefinition')) {
        for (const container of list(props(view, id).ContainerDefinitions) as JsonObject[]) {
          expect(container.Environment).toBeUndefined();
          const sources = list(container.Secrets).map((secret) => JSON.stringify(object(secret).ValueFrom));
          expect(sources.length).toBeGreaterThan(0);
          for (const source of sources)
            expect(source).toMatch(/:ssm:.*:parameter\/runway\/|MasterUserSecret\.SecretArn/);
        }
      }
    }
  });
});

describe('network and cost switches', () => {
  it('gives prod a NAT gateway per zone and interface endpoints, and dev one NAT gateway and none', () => {
    expect(prod.ofType('AWS::EC2::NatGateway')).toHaveLength(2);
    expect(dev.ofType('AWS::EC2::NatGateway')).toHaveLength(1);
    expect(prod.ofType('AWS::EC2::VPCEndpoint').length).toBeGreaterThan(2);
    expect(dev.ofType('AWS::EC2::VPCEndpoint').sort()).toEqual(['DynamoDbGatewayEndpoint', 'S3GatewayEndpoint']);
  });

  it('lets only the load balancer reach the instances, and only the instances reach the database', () => {
    for (const group of ['EcsInstanceSecurityGroup', 'AmiInstanceSecurityGroup', 'DatabaseSecurityGroup']) {
      for (const rule of list(props(prod, group).SecurityGroupIngress) as JsonObject[]) {
        expect(rule.CidrIp).toBeUndefined();
        expect(rule.SourceSecurityGroupId).toBeDefined();
      }
    }
    const databaseSources = list(props(prod, 'DatabaseSecurityGroup').SecurityGroupIngress).map(
      (rule) => object(rule).SourceSecurityGroupId,
    );
    expect(databaseSources).toEqual([{ Ref: 'EcsInstanceSecurityGroup' }, { Ref: 'AmiInstanceSecurityGroup' }]);
  });

  it('writes the load balancer access logs to a private bucket and checks the health of every target group', () => {
    const attributes = list(props(prod, 'LoadBalancer').LoadBalancerAttributes) as JsonObject[];
    expect(attributes).toContainEqual({ Key: 'access_logs.s3.enabled', Value: 'true' });
    expect(props(prod, 'FrontendHttpListener')).toMatchObject({ Port: 80 });
    expect(props(prod, 'BackendListener')).toMatchObject({ Port: 5000 });
    for (const id of prod.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
      expect(props(prod, id).HealthCheckPath).toMatch(/^\//);
    }
  });
});

describe('other choices of a stage, each packaged with only what it creates', () => {
  let noNat: TemplateView;
  let noCluster: TemplateView;
  beforeAll(async () => {
    noNat = templateView(await packagedTemplate('delivery-platform', 'dev', { natGateways: 'none' }));
    noCluster = templateView(await packagedTemplate('delivery-platform', 'dev', { ecsCluster: 'false' }));
  }, PACKAGING_TIMEOUT);

  it('without NAT, reaches what the instances need through interface endpoints, and has no default route', () => {
    expect(noNat.ofType('AWS::EC2::NatGateway')).toEqual([]);
    expect(noNat.ofType('AWS::EC2::Route').filter((id) => id.startsWith('Private'))).toEqual([]);
    const services = noNat.ofType('AWS::EC2::VPCEndpoint').map((id) =>
      String(object(props(noNat, id).ServiceName)['Fn::Sub'])
        .split('.')
        .slice(3)
        .join('.'),
    );
    expect(services).toEqual(
      expect.arrayContaining([
        'ssm',
        'ssmmessages',
        'ec2messages',
        'codedeploy',
        'codedeploy-commands-secure',
        'imagebuilder',
        'logs',
        'ecr.dkr',
      ]),
    );
  });

  it('without the ECS cluster, creates no cluster or services, and says so in the outputs pipeline-triggers takes', () => {
    for (const type of ['AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::AutoScaling::AutoScalingGroup']) {
      expect(
        noCluster.ofType(type).filter((id) => id.startsWith('Ecs') || type !== 'AWS::AutoScaling::AutoScalingGroup'),
      ).toEqual([]);
    }
    // pipeline-triggers makes no container pipelines for a cluster named `none`.
    for (const output of ['EcsClusterName', 'EcsTaskExecutionRoleArn', 'FrontendServiceName', 'BackendServiceName']) {
      expect(noCluster.template.Outputs?.[output]?.Value).toBe('none');
    }
  });
});

describe('load balancers', () => {
  const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000';
  let withCertificate: TemplateView;
  let plainHttp: TemplateView;
  beforeAll(async () => {
    withCertificate = templateView(
      await packagedTemplate('delivery-platform', 'prod', { certificateArn: CERTIFICATE }),
    );
    plainHttp = templateView(
      await packagedTemplate('delivery-platform', 'prod', { certificateArn: 'none', allowPlainHttp: 'true' }),
    );
  }, PACKAGING_TIMEOUT);

  const listeners = (view: TemplateView) =>
    Object.fromEntries(
      view.ofType('AWS::ElasticLoadBalancingV2::Listener').map((id) => {
        const listener = props(view, id);
        return [id, { on: object(listener.LoadBalancerArn).Ref, port: listener.Port, protocol: listener.Protocol }];
      }),
    );

  it('with a certificate, serves HTTPS publicly and only redirects plain HTTP to it', () => {
    expect(listeners(withCertificate)).toEqual({
      FrontendHttpListener: { on: 'LoadBalancer', port: 80, protocol: 'HTTP' },
      FrontendHttpsListener: { on: 'LoadBalancer', port: 443, protocol: 'HTTPS' },
      AmiProductionHttpListener: { on: 'LoadBalancer', port: 8080, protocol: 'HTTP' },
      AmiProductionHttpsListener: { on: 'LoadBalancer', port: 8443, protocol: 'HTTPS' },
      BackendListener: { on: 'InternalLoadBalancer', port: 5000, protocol: 'HTTP' },
      AmiQatListener: { on: 'InternalLoadBalancer', port: 8081, protocol: 'HTTP' },
    });
    expect(props(withCertificate, 'FrontendHttpsListener').Certificates).toEqual([{ CertificateArn: CERTIFICATE }]);
    expect(first(props(withCertificate, 'FrontendHttpListener').DefaultActions)).toEqual({
      Type: 'redirect',
      RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
    });
    expect(first(props(withCertificate, 'AmiProductionHttpListener').DefaultActions)).toMatchObject({
      RedirectConfig: { Port: '8443' },
    });
  });

  it('without one, and only when the stage allows plain HTTP, serves plain HTTP on 80 and 8080', () => {
    expect(listeners(plainHttp)).toMatchObject({
      FrontendHttpListener: { on: 'LoadBalancer', port: 80, protocol: 'HTTP' },
      AmiProductionHttpListener: { on: 'LoadBalancer', port: 8080, protocol: 'HTTP' },
    });
    expect(first(props(plainHttp, 'FrontendHttpListener').DefaultActions)).toMatchObject({ Type: 'forward' });
    expect(plainHttp.resources.FrontendHttpsListener).toBeUndefined();
    // The same logical id serves port 80 in both modes: adding a certificate updates it in place.
    expect(props(withCertificate, 'FrontendHttpListener').Port).toBe(props(plainHttp, 'FrontendHttpListener').Port);
    expect(plainHttp.resource('FrontendService').DependsOn).toContain('FrontendHttpListener');
    expect(withCertificate.resource('FrontendService').DependsOn).toContain('FrontendHttpsListener');
  });

  it(
    'refuses to package prod with neither a certificate nor allowPlainHttp, saying how to give one',
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'runway-no-certificate-'));
      try {
        // osls prints the resolution error on stdout.
        await expect(
          packageService('delivery-platform', 'prod', outDir, { certificateArn: 'none' }),
        ).rejects.toMatchObject({
          stdout: expect.stringMatching(
            /stage prod has no certificateArn and does not allow plain HTTP\. Request and validate an ACM certificate.*params\.prod in services\/delivery-platform\/serverless\.yml.*allowPlainHttp: true/s,
          ),
        });
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    },
    PACKAGING_TIMEOUT,
  );

  it('allows plain HTTP without a certificate outside prod', () => {
    expect(listeners(dev)).toMatchObject({ FrontendHttpListener: { protocol: 'HTTP' } });
    expect(first(props(dev, 'FrontendHttpListener').DefaultActions)).toMatchObject({ Type: 'forward' });
  });

  it('keeps the backend and QAT off the internet: internal load balancer, backend from the container instances only', () => {
    expect(props(prod, 'InternalLoadBalancer')).toMatchObject({
      Scheme: 'internal',
      Subnets: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }],
    });
    const ports = (view: TemplateView, group: string) =>
      (list(props(view, group).SecurityGroupIngress) as JsonObject[]).map((rule) => rule.FromPort);
    for (const view of [prod, withCertificate]) {
      expect(ports(view, 'LoadBalancerSecurityGroup')).not.toContain(5000);
      expect(ports(view, 'LoadBalancerSecurityGroup')).not.toContain(8081);
    }
    const internal = list(props(prod, 'InternalLoadBalancerSecurityGroup').SecurityGroupIngress) as JsonObject[];
    expect(internal).toEqual([
      expect.objectContaining({ FromPort: 5000, SourceSecurityGroupId: { Ref: 'EcsInstanceSecurityGroup' } }),
      expect.objectContaining({ FromPort: 8081, CidrIp: '10.40.0.0/16' }),
    ]);
    expect(JSON.stringify(props(prod, 'ApiUrlParameter').Value)).toContain('InternalLoadBalancer.DNSName');
  });
});

describe('data at rest', () => {
  it('keeps the MySQL database private and encrypted, with a generated master password', () => {
    const database = props(prod, 'Database');
    expect(database).toMatchObject({
      Engine: 'mysql',
      StorageEncrypted: true,
      PubliclyAccessible: false,
      ManageMasterUserPassword: true,
    });
    expect(database.MasterUserPassword).toBeUndefined();
  });

  it('makes the prod database Multi-AZ, deletion protected and snapshotted on deletion, and dev a single small one', () => {
    expect(props(prod, 'Database')).toMatchObject({
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 30,
    });
    expect(prod.resource('Database').DeletionPolicy).toBe('Snapshot');
    expect(props(dev, 'Database')).toMatchObject({
      MultiAZ: false,
      DeletionProtection: false,
      DBInstanceClass: 'db.t4g.micro',
    });
  });

  it('scans every pushed image, never overwrites a tag but `live` and keeps only the newest images', () => {
    for (const id of ['FrontendRepository', 'BackendRepository']) {
      const repository = props(prod, id);
      expect(repository).toMatchObject({
        ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        ImageTagMutabilityExclusionFilters: [
          { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'live' },
        ],
        ImageScanningConfiguration: { ScanOnPush: true },
      });
      const lifecycle = JSON.parse(String(object(repository.LifecyclePolicy).LifecyclePolicyText));
      expect(lifecycle.rules[0].selection).toMatchObject({ countType: 'imageCountMoreThan', countNumber: 20 });
    }
  });

  it('encrypts every topic of the service', () => {
    for (const id of prod.ofType('AWS::SNS::Topic')) expect(props(prod, id).KmsMasterKeyId).toBeDefined();
  });
});

describe('the EC2 variant’s fleets', () => {
  it('lets the fleets come up before any release: EC2 health checks, so instances are not replaced while nothing answers', () => {
    for (const view of [dev, prod]) {
      for (const id of ['AmiQatAutoScalingGroup', 'AmiProductionAutoScalingGroup']) {
        expect(props(view, id).HealthCheckType).toBe('EC2');
      }
    }
  });

  it('starts the fleets on their launch template’s default version, each group named like its template', () => {
    for (const [group, template] of [
      ['AmiQatAutoScalingGroup', 'AmiQatLaunchTemplate'],
      ['AmiProductionAutoScalingGroup', 'AmiProductionLaunchTemplate'],
    ] as const) {
      // CloudFormation supports a number or this Fn::GetAtt, not "$Default".
      expect(object(props(prod, group).LaunchTemplate).Version).toEqual({
        'Fn::GetAtt': [template, 'DefaultVersionNumber'],
      });
      // onImageBuilt names the group and its launch template by the one name they share.
      expect(props(prod, template).LaunchTemplateName).toBe(props(prod, group).AutoScalingGroupName);
    }
    // pipeline-triggers takes the groups' names from these outputs (compose).
    expect(prod.template.Outputs?.AmiQatFleetName?.Value).toEqual({ Ref: 'AmiQatAutoScalingGroup' });
    expect(prod.template.Outputs?.AmiProductionFleetName?.Value).toEqual({ Ref: 'AmiProductionAutoScalingGroup' });
  });

  it('gives CodeDeploy the production fleet’s 5xx alarm, not the unhealthy-hosts one', () => {
    // Not the unhealthy-hosts alarm: before the first release it is in alarm and would stop that release.
    expect(prod.template.Outputs?.AmiProductionTarget5xxAlarmName?.Value).toEqual({
      Ref: 'AmiProductionTarget5xxAlarm',
    });
  });
});

describe('container services', () => {
  it('keep the released image through stack updates: the task definitions name `live`, which the pipelines move after a deploy', () => {
    for (const app of ['Frontend', 'Backend']) {
      const container = first(props(prod, `${app}TaskDefinition`).ContainerDefinitions);
      expect(JSON.stringify(container.Image)).toMatch(/RepositoryUri\}:live"/);
      expect(props(prod, `${app}Service`).DesiredCount).toBeUndefined();
    }
  });

  it(
    'are created without a task and a scaling minimum of 0 until a live image exists (`containerImageTag: bootstrap`)',
    async () => {
      const firstDeploy = templateView(
        await packagedTemplate('delivery-platform', 'prod', { containerImageTag: 'bootstrap' }),
      );
      for (const app of ['Frontend', 'Backend']) {
        expect(props(firstDeploy, `${app}Service`).DesiredCount).toBe(0);
        // Registering a target moves the current count into its range: a minimum of 2 would start tasks.
        expect(props(firstDeploy, `${app}ScalableTarget`)).toMatchObject({ MinCapacity: 0, MaxCapacity: 5 });
        expect(props(prod, `${app}ScalableTarget`)).toMatchObject({ MinCapacity: 2, MaxCapacity: 5 });
        expect(props(prod, `${app}Service`).DesiredCount).toBeUndefined();
      }
    },
    PACKAGING_TIMEOUT,
  );
});

describe('Image Builder events', () => {
  it('names the image events topic as onImageBuilt subscribes to it', () => {
    expect(props(prod, 'ImageEventsTopic').TopicName).toBe('runway-prod-image-events');
    expect(prod.template.Outputs?.ImageEventsTopicArn?.Value).toEqual({ Ref: 'ImageEventsTopic' });
  });

  it('lets only Image Builder’s service-linked role publish image events, over TLS', () => {
    const statements = list(object(props(prod, 'ImageEventsTopicPolicy').PolicyDocument).Statement) as JsonObject[];
    expect(statements.map((statement) => statement.Effect)).toEqual(['Deny', 'Deny']);
    expect(JSON.stringify(statements[0])).toContain('AWSServiceRoleForImageBuilder');
    const keyPolicy = JSON.stringify(props(prod, 'DeliveryKey').KeyPolicy);
    expect(keyPolicy).toContain('AWSServiceRoleForImageBuilder');
  });
});
