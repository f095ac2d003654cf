/**
 * The delivery of pipeline-triggers (resources/delivery/: the pipelines, CodeBuild, CodeDeploy,
 * the developer and approver groups), read from the packaged templates of dev and prod (each holds
 * only what its stage creates). What they deliver to is delivery-platform's (its own test), given
 * through compose: packaged alone, this service takes the producers' names by convention.
 */
import { approvalRoleOf } from '@shared/approvals/approver-directory';
import { packagedTemplate } from '../../../test-support/packaged-templates';
import { readComposeConfig } from '../../../test-support/serverless-config';
import { type Json, type JsonObject, type TemplateView, templateView } from '../../../test-support/template';

const PACKAGING_TIMEOUT = 180_000;
let dev: TemplateView;
let prod: TemplateView;

beforeAll(async () => {
  dev = templateView(await packagedTemplate('pipeline-triggers', 'dev'));
  prod = templateView(await packagedTemplate('pipeline-triggers', 'prod'));
}, PACKAGING_TIMEOUT);

const props = (view: TemplateView, logicalId: string) => view.resource(logicalId).Properties;
const object = (value: Json | undefined) => value as JsonObject;
const list = (value: Json | undefined) => value as Json[];
const fromCompose = (param: string) => readComposeConfig().services['pipeline-triggers']?.params?.[param];

interface Action extends JsonObject {
  Name: string;
  ActionTypeId: { Category: string; Provider: string } & JsonObject;
  Configuration: JsonObject;
  RunOrder: number;
}
interface Stage extends JsonObject {
  Name: string;
  Actions: Action[];
}
const stagesOf = (view: TemplateView, pipeline: string) => props(view, pipeline).Stages as unknown as Stage[];
const actionsOf = (view: TemplateView, pipeline: string) => stagesOf(view, pipeline).flatMap((stage) => stage.Actions);

describe('other choices of a stage, each packaged with only what it creates', () => {
  let noCluster: TemplateView;
  beforeAll(async () => {
    // delivery-platform's outputs say `none` where the stage runs no ECS cluster.
    noCluster = templateView(
      await packagedTemplate('pipeline-triggers', 'dev', { ecsClusterName: 'none', sourceProvider: 'codecommit' }),
    );
  }, PACKAGING_TIMEOUT);

  it('without the ECS cluster, creates no container pipelines, and no CodeStar connection with CodeCommit', () => {
    expect(fromCompose('ecsClusterName')).toBe(`\${delivery-platform.EcsClusterName}`);
    expect(noCluster.ofType('AWS::CodePipeline::Pipeline').sort()).toEqual(['AmiProductionPipeline', 'AmiQatPipeline']);
    expect(noCluster.ofType('AWS::CodeStarConnections::Connection')).toEqual([]);
    expect(noCluster.template.Outputs?.SourceConnectionArn?.Value).toBe('none');
  });
});

describe('data at rest', () => {
  it('encrypts and versions the artifact bucket, blocks public access and refuses plain HTTP', () => {
    const bucket = props(prod, 'ArtifactBucket');
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('aws:kms');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(props(prod, 'ArtifactBucketPolicy'))).toContain('"aws:SecureTransport":"false"');
    // Its server access logs go to delivery-platform's access log bucket.
    expect(object(bucket.LoggingConfiguration).DestinationBucketName).toBe(
      'runway-delivery-platform-prod-accesslogbucket-packaged',
    );
    expect(fromCompose('accessLogBucketName')).toBe(`\${delivery-platform.AccessLogBucketName}`);
  });

  it('lets the EC2 variant’s instances read the revisions in it, through a policy on their role', () => {
    const policy = props(prod, 'AmiInstanceRevisionsPolicy');
    expect(policy.RoleName).toBe('runway-delivery-platform-prod-AmiInstanceRole-packaged');
    expect(fromCompose('amiInstanceRoleName')).toBe(`\${delivery-platform.AmiInstanceRoleName}`);
    expect(JSON.stringify(policy.PolicyDocument)).toContain('ArtifactBucket.Arn');
  });

  it('encrypts every topic of the service', () => {
    for (const id of prod.ofType('AWS::SNS::Topic')) expect(props(prod, id).KmsMasterKeyId).toBeDefined();
  });
});

describe('CodeDeploy for the EC2 variant', () => {
  it('deploys to QAT in place, one instance at a time', () => {
    expect(props(prod, 'QatDeploymentGroup')).toMatchObject({
      DeploymentStyle: { DeploymentType: 'IN_PLACE' },
      DeploymentConfigName: 'CodeDeployDefault.OneAtATime',
      AutoScalingGroups: ['runway-prod-ami-qat'],
    });
    expect(fromCompose('amiQatFleetName')).toBe(`\${delivery-platform.AmiQatFleetName}`);
  });

  it('deploys production in place too, one instance at a time, each out of the load balancer while it is updated', () => {
    // A blue/green copy of the Auto Scaling group would leave the stack naming a group CodeDeploy deleted.
    const group = props(prod, 'ProductionDeploymentGroup');
    expect(group).toMatchObject({
      DeploymentStyle: { DeploymentType: 'IN_PLACE', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      DeploymentConfigName: 'CodeDeployDefault.OneAtATime',
      AutoScalingGroups: ['runway-prod-ami-production'],
      LoadBalancerInfo: { TargetGroupInfoList: [{ Name: 'runway-AmPr-packaged' }] },
    });
    expect(group.BlueGreenDeploymentConfiguration).toBeUndefined();
    expect(fromCompose('amiProductionFleetName')).toBe(`\${delivery-platform.AmiProductionFleetName}`);
    expect(fromCompose('amiProductionTargetGroupName')).toBe(`\${delivery-platform.AmiProductionTargetGroupName}`);
  });

  it('rolls a production deployment back when it fails or when its alarms fire', () => {
    const group = props(prod, 'ProductionDeploymentGroup');
    expect(group.AutoRollbackConfiguration).toEqual({
      Enabled: true,
      Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
    });
    // Not the unhealthy-hosts alarm: before the first release it is in alarm and would stop that release.
    expect(object(group.AlarmConfiguration).Alarms).toEqual([
      { Name: 'runway-delivery-platform-prod-AmiProductionTarget5xxAlarm-packaged' },
    ]);
    expect(fromCompose('amiProductionTarget5xxAlarmName')).toBe(
      `\${delivery-platform.AmiProductionTarget5xxAlarmName}`,
    );
  });

  it('lets onImageBuilt move the fleets to their launch template’s later default versions', () => {
    const fleets = String(
      object(object(props(prod, 'OnImageBuiltLambdaFunction').Environment).Variables).IMAGE_PIPELINE_FLEETS,
    );
    expect(fleets).toBe(
      'runway-prod-app-qat=runway-prod-ami-qat,runway-prod-app-production=runway-prod-ami-production',
    );
    // delivery-platform's groups, each named like its launch template (its test).
    expect(fromCompose('amiQatFleetName')).toBe(`\${delivery-platform.AmiQatFleetName}`);
    expect(fromCompose('amiProductionFleetName')).toBe(`\${delivery-platform.AmiProductionFleetName}`);
    const role = JSON.stringify(props(prod, 'OnImageBuiltIamRoleLambdaExecution'));
    expect(role).toContain('autoscaling:UpdateAutoScalingGroup');
    expect(role).toContain('autoScalingGroupName/runway-prod-ami-qat');
  });
});

describe('AMI pipelines', () => {
  it('runs the production pipeline source → build → QAT → approvals → two-person rule → production', () => {
    expect(stagesOf(prod, 'AmiProductionPipeline').map((stage) => stage.Name)).toEqual([
      'Source',
      'Build',
      'DeployQAT',
      'Approval',
      'TwoPersonRule',
      'DeployProduction',
    ]);
  });

  it('asks QC first, then PMO, each naming its role, both through approval-gateway’s topic', () => {
    const approval = stagesOf(prod, 'AmiProductionPipeline').find((stage) => stage.Name === 'Approval');
    expect(approval?.Actions.map((action) => [action.Name, action.ActionTypeId.Category, action.RunOrder])).toEqual([
      ['QCApproval', 'Approval', 1],
      ['PMOApproval', 'Approval', 2],
    ]);
    expect(approval?.Actions.map((action) => approvalRoleOf(String(action.Configuration.CustomData)))).toEqual([
      'qc',
      'pmo',
    ]);
    for (const action of approval?.Actions ?? []) {
      expect(JSON.stringify(action.Configuration.NotificationArn)).toContain('runway-approval-gateway-prod-approvals');
    }
  });

  it('has the two-person rule check exactly the approvals of the pipeline, with the service’s own function', () => {
    const approvals = actionsOf(prod, 'AmiProductionPipeline')
      .filter((action) => action.ActionTypeId.Category === 'Approval')
      .map((action) => action.Name);
    const rule = actionsOf(prod, 'AmiProductionPipeline').find((action) => action.Name === 'TwoPersonRule');
    expect(rule?.Configuration.FunctionName).toEqual({ Ref: 'TwoPersonRuleLambdaFunction' });
    expect(JSON.parse(String(rule?.Configuration.UserParameters))).toEqual({
      approvals,
      pipelineName: props(prod, 'AmiProductionPipeline').Name,
    });
  });

  it('deploys QAT and production with their own deployment groups', () => {
    const groups = actionsOf(prod, 'AmiProductionPipeline')
      .filter((action) => action.ActionTypeId.Provider === 'CodeDeploy')
      .map((action) => [action.Name, action.Configuration.DeploymentGroupName]);
    expect(groups).toEqual([
      ['DeployQAT', { Ref: 'QatDeploymentGroup' }],
      ['DeployProduction', { Ref: 'ProductionDeploymentGroup' }],
    ]);
  });

  it('ends the QAT pipeline by starting the production image build through imageBuildAction', () => {
    expect(stagesOf(prod, 'AmiQatPipeline').map((stage) => stage.Name)).toEqual([
      'Source',
      'Build',
      'DeployQAT',
      'PromoteImage',
    ]);
    const promote = actionsOf(prod, 'AmiQatPipeline').find((action) => action.Name === 'BuildProductionImage');
    expect(promote?.Configuration.FunctionName).toBe('runway-image-pipeline-starter-prod-imageBuildAction');
    // Deployed, the name is image-pipeline-starter's output, never this packaging default.
    expect(fromCompose('imageBuildActionFunctionName')).toBe(`\${image-pipeline-starter.ImageBuildActionFunctionName}`);
    expect(JSON.stringify(promote?.Configuration.UserParameters)).toContain(
      'image-pipeline/runway-prod-app-production',
    );
  });

  it('are V2 pipelines with the AMI_ID and IMAGE_ARN variables, under the names onImageBuilt starts', () => {
    const environment = object(object(props(prod, 'OnImageBuiltLambdaFunction').Environment).Variables);
    const started = String(environment.IMAGE_PIPELINE_TARGETS)
      .split(',')
      .map((pair) => pair.split('=')[1]);
    const pipelines = ['AmiQatPipeline', 'AmiProductionPipeline'].map((id) => props(prod, id));
    expect(pipelines.map((pipeline) => pipeline.Name)).toEqual(started);
    for (const pipeline of pipelines) {
      expect(pipeline.PipelineType).toBe('V2');
      expect(list(pipeline.Variables).map((variable) => object(variable).Name)).toEqual(['AMI_ID', 'IMAGE_ARN']);
    }
  });

  it('waits for onImageBuilt instead of starting on a push', () => {
    const source = actionsOf(prod, 'AmiProductionPipeline')[0];
    expect(source?.Configuration).toMatchObject({ DetectChanges: false, FullRepositoryId: 'example-org/runway-app' });
    expect(props(prod, 'AmiProductionPipeline').Triggers).toBeUndefined();
  });
});

describe('container pipelines', () => {
  it.each([
    ['dev', 'development'],
    ['prod', 'main'],
  ])('deliver the %s stage from the %s branch to its own ECS services', (stage, branch) => {
    const view = stage === 'dev' ? dev : prod;
    for (const app of ['Frontend', 'Backend']) {
      const trigger = list(props(view, `${app}Pipeline`).Triggers)[0] as JsonObject;
      expect(JSON.stringify(trigger)).toContain(`"Includes":["${branch}"]`);
      const deploy = actionsOf(view, `${app}Pipeline`).find((action) => action.ActionTypeId.Provider === 'ECS');
      expect(deploy?.Configuration).toMatchObject({
        ClusterName: `runway-${stage}`,
        ServiceName: `runway-${stage}-${app.toLowerCase()}`,
        FileName: 'imagedefinitions.json',
      });
      expect(fromCompose(`${app.toLowerCase()}ServiceName`)).toBe(`\${delivery-platform.${app}ServiceName}`);
    }
    expect(fromCompose('ecsClusterName')).toBe(`\${delivery-platform.EcsClusterName}`);
  });

  it('keep the released image through stack updates: the pipelines move `live`, which the task definitions name, after a deploy', () => {
    for (const app of ['Frontend', 'Backend']) {
      const stages = stagesOf(prod, `${app}Pipeline`);
      expect(stages.map((stage) => stage.Name)).toEqual(['Source', 'Build', 'Deploy', 'Release']);
      expect(stages[3]?.Actions[0]).toMatchObject({
        InputArtifacts: [{ Name: 'ImageDefinitions' }],
        Configuration: { ProjectName: { Ref: 'ReleaseTagProject' } },
      });
    }
    const buildspec = String(object(props(prod, 'ReleaseTagProject').Source).BuildSpec);
    expect(buildspec).toContain('--image-tag live');
  });

  it('build with the containers buildspec, which reports its tests to a report group', () => {
    expect(object(props(prod, 'ContainerBuildProject').Source).BuildSpec).toBe('buildspecs/containers.yml');
    expect(props(prod, 'ContainerTestReports')).toMatchObject({ Name: 'runway-prod-containers-junit', Type: 'TEST' });
  });
});

describe('pipeline failure notices', () => {
  const pattern = () => object(props(prod, 'PipelineFailedRule').EventPattern);

  it('notify every failed execution of the stage’s delivery pipelines', () => {
    expect(pattern()).toMatchObject({
      source: ['aws.codepipeline'],
      'detail-type': ['CodePipeline Pipeline Execution State Change'],
      detail: {
        state: ['FAILED'],
        pipeline: ['runway-prod-frontend', 'runway-prod-backend', 'runway-prod-ami-qat', 'runway-prod-ami-production'],
      },
    });
    expect(props(prod, 'PipelineFailuresAlarm').Dimensions).toEqual([
      { Name: 'RuleName', Value: { Ref: 'PipelineFailedRule' } },
    ]);
  });

  it('leave out the execution each pipeline starts on creation, which fails while its connection is PENDING', () => {
    // An execution started by anything else, or an event without an execution trigger, still notifies.
    expect(object(pattern().detail).$or).toEqual([
      { 'execution-trigger': { 'trigger-type': [{ 'anything-but': ['CreatePipeline'] }] } },
      { 'execution-trigger': { 'trigger-type': [{ exists: false }] } },
    ]);
  });
});

describe('Image Builder events', () => {
  it('subscribes onImageBuilt to delivery-platform’s image events topic, which exists before this stack', () => {
    const subscription = prod.resource('OnImageBuiltSnsSubscriptionRunwayprodimageevents');
    // The topic is delivery-platform's: compose deploys it first, so the subscription waits for nothing here.
    expect(fromCompose('imageEventsTopicArn')).toBe(`\${delivery-platform.ImageEventsTopicArn}`);
    expect(JSON.stringify(subscription.Properties?.TopicArn)).toContain('runway-prod-image-events');
  });
});

describe('people', () => {
  it.each([
    ['QcApproverPolicy', 'QCApproval'],
    ['PmoApproverPolicy', 'PMOApproval'],
  ])('lets %s answer only its own approval action', (policy, action) => {
    const statements = list(object(props(prod, policy).PolicyDocument).Statement) as JsonObject[];
    const answering = statements.filter((statement) => JSON.stringify(statement.Action).includes('PutApprovalResult'));
    expect(answering).toHaveLength(1);
    expect(JSON.stringify(answering[0]?.Resource)).toContain(`runway-prod-ami-production/Approval/${action}`);
  });

  it('denies developers every way to deploy to production', () => {
    const statements = list(object(props(prod, 'DeveloperPolicy').PolicyDocument).Statement) as JsonObject[];
    const denied = statements.filter((statement) => statement.Effect === 'Deny').map((statement) => statement.Action);
    expect(JSON.stringify(denied)).toEqual(expect.stringContaining('codepipeline:PutApprovalResult'));
    expect(JSON.stringify(denied)).toEqual(expect.stringContaining('codedeploy:CreateDeployment'));
    // Besides reading, developers may only push to the application repository.
    const allowed = statements.filter((statement) => statement.Effect === 'Allow');
    for (const statement of allowed) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? null];
      for (const action of actions) {
        if (/^codecommit:(GitPush|CreateBranch)$/.test(String(action))) {
          expect(JSON.stringify(statement.Resource)).toContain(':runway-app');
        } else {
          expect(String(action)).toMatch(/:(Get|List|BatchGet|Describe|Filter|GitPull)/);
        }
      }
    }
  });

  it('lets developers push to the application repository and list and read every pipeline', () => {
    const statements = list(object(props(prod, 'DeveloperPolicy').PolicyDocument).Statement) as JsonObject[];
    const allowed = (action: string) =>
      statements.find(
        (statement) => statement.Effect === 'Allow' && JSON.stringify(statement.Action).includes(`"${action}"`),
      );
    expect(JSON.stringify(allowed('codecommit:GitPush')?.Resource)).toMatch(/:codecommit:.*:runway-app"/);
    // ListPipelines takes no resource-level permission.
    expect(allowed('codepipeline:ListPipelines')?.Resource).toBe('*');
    expect(JSON.stringify(allowed('codepipeline:GetPipelineState')?.Resource)).toContain('runway-prod-*');
  });
});
