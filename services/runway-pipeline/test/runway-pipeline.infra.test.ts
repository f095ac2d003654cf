/**
 * Runway's own pipeline (services/runway-pipeline), read from the packaged templates: prod
 * declares it and dev does not; it shares pipeline-triggers' artifact bucket and GitHub connection
 * through compose params; what it runs in which order; that its deploy role may only drive
 * CloudFormation with the stage's execution role (services/deploy-access); and, through the IAM
 * policy simulator, that the execution role may make, change and delete every resource type of
 * the stacks (test/support/deploy-actions.json) but cannot escape the stage's permissions boundary.
 */
import { packagedTemplate } from '../../../test-support/packaged-templates';
import { composeOutput, readComposeConfig } from '../../../test-support/serverless-config';
import {
  type Json,
  type JsonObject,
  type Template,
  type TemplateView,
  templateView,
} from '../../../test-support/template';
import deployActions from './support/deploy-actions.json';
import { ACCOUNT, boundaryPolicy, decide, REGION, rolePolicies } from './support/iam-simulation';

const PACKAGING_TIMEOUT = 300_000;
// The stacks the pipeline deploys (serverless-compose.yml); services/deploy-access is an administrator's.
const SERVICES = Object.keys(readComposeConfig().services);
// What compose gives the prod stack from pipeline-triggers' outputs (serverless-compose.yml).
const GIVEN = {
  artifactBucketName: 'runway-pipeline-triggers-prod-artifactbucket-0a1b2c3d',
  sourceConnectionArn: `arn:aws:codeconnections:us-east-1:123456789012:connection/0a1b2c3d`,
};
/** What serverless-compose.yml gives runway-pipeline as `param`. */
const given = (param: string) => readComposeConfig().services['runway-pipeline']?.params?.[param] ?? '';
let prod: TemplateView;
let dev: TemplateView;
let triggers: TemplateView;
let access: TemplateView;
const stackTemplates: [string, Template][] = [];
const stackTypes = () =>
  new Set(stackTemplates.flatMap(([, template]) => Object.values(template.Resources).map((r) => r.Type)));
interface DeployActions {
  arn: string;
  actions: string[];
  arns?: Record<string, string>;
  context?: Record<string, string>;
  keyPolicy?: boolean;
  unvalidated?: boolean;
}
const DEPLOY_ACTIONS = deployActions as unknown as Record<string, DeployActions | undefined>;

beforeAll(async () => {
  for (const service of SERVICES) {
    for (const stage of ['dev', 'prod']) {
      stackTemplates.push([`${service} (${stage})`, await packagedTemplate(service, stage)]);
    }
  }
  prod = templateView(await packagedTemplate('runway-pipeline', 'prod', GIVEN));
  dev = templateView(await packagedTemplate('runway-pipeline', 'dev'));
  triggers = templateView(await packagedTemplate('pipeline-triggers', 'prod'));
  access = templateView(await packagedTemplate('deploy-access', 'prod'));
}, PACKAGING_TIMEOUT);

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: Json;
}
interface Action {
  Name: string;
  ActionTypeId: { Category: string; Provider: string };
  Configuration: JsonObject;
}

const props = (view: TemplateView, logicalId: string) => view.resource(logicalId).Properties;
const stages = () => props(prod, 'RunwayPipeline').Stages as unknown as { Name: string; Actions: Action[] }[];
const action = (stage: string) => stages().find((candidate) => candidate.Name === stage)?.Actions[0] as Action;
const actions = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
const inlineStatements = (role: string) =>
  (props(prod, role).Policies as unknown as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );

describe('Runway’s own pipeline', () => {
  it('is declared by the prod stage only, which delivers both stages', () => {
    expect(prod.ofType('AWS::CodePipeline::Pipeline')).toContain('RunwayPipeline');
    // dev's stack holds only what the framework gives every stack.
    expect(Object.keys(dev.resources).sort()).toEqual([
      'ServerlessDeploymentBucket',
      'ServerlessDeploymentBucketPolicy',
    ]);
    expect(props(prod, 'RunwayPipeline')).toMatchObject({ Name: 'runway-prod-runway', PipelineType: 'V2' });
  });

  it('runs source → checks → deploy dev → stakeholder approval → deploy prod', () => {
    expect(stages().map((stage) => stage.Name)).toEqual(['Source', 'Build', 'DeployDev', 'Approval', 'DeployProd']);
  });

  it('takes Runway’s repository from GitHub through the same connection as the delivery pipelines, on every push', () => {
    const source = action('Source');
    const amiSource = (props(triggers, 'AmiProductionPipeline').Stages as unknown as { Actions: Action[] }[])[0]
      ?.Actions[0] as Action;
    expect(source.ActionTypeId.Provider).toBe('CodeStarSourceConnection');
    expect(source.Configuration).toMatchObject({ FullRepositoryId: 'example-org/runway', BranchName: 'main' });
    // The connection compose gives is pipeline-triggers' output, the one its pipelines use.
    expect(source.Configuration.ConnectionArn).toBe(GIVEN.sourceConnectionArn);
    expect(composeOutput(given('sourceConnectionArn'))).toEqual({
      service: 'pipeline-triggers',
      output: 'SourceConnectionArn',
    });
    expect(triggers.template.Outputs?.SourceConnectionArn?.Value).toEqual(amiSource.Configuration.ConnectionArn);
    expect(props(prod, 'RunwayPipeline').Triggers).toEqual([
      expect.objectContaining({
        ProviderType: 'CodeStarSourceConnection',
        GitConfiguration: { SourceActionName: 'Source', Push: [{ Branches: { Includes: ['main'] } }] },
      }),
    ]);
  });

  it('checks with a project whose role cannot deploy, and deploys each stage with the deploy project', () => {
    expect(action('Build').Configuration).toMatchObject({
      ProjectName: { Ref: 'RunwayChecksProject' },
      EnvironmentVariables: '[{"name":"STAGE","value":"none","type":"PLAINTEXT"}]',
    });
    for (const [stage, name] of [
      ['DeployDev', 'dev'],
      ['DeployProd', 'prod'],
    ]) {
      expect(action(String(stage)).Configuration.ProjectName).toEqual({ Ref: 'RunwayDeployProject' });
      expect(JSON.stringify(action(String(stage)).Configuration.EnvironmentVariables)).toContain(
        `{\\"name\\":\\"STAGE\\",\\"value\\":\\"${name}\\",\\"type\\":\\"PLAINTEXT\\"}`,
      );
    }
    for (const project of ['RunwayChecksProject', 'RunwayDeployProject']) {
      expect(props(prod, project).Source).toEqual({ Type: 'CODEPIPELINE', BuildSpec: 'buildspec.yml' });
    }
    expect(props(prod, 'RunwayChecksProject').ServiceRole).toEqual({ 'Fn::GetAtt': ['RunwayChecksRole', 'Arn'] });
    const checksActions = inlineStatements('RunwayChecksRole').flatMap(actions);
    expect(checksActions.filter((name) => !/^(logs|s3|codebuild):/.test(name))).toEqual([]);
    expect(checksActions).not.toContain('s3:PutObject');
    expect(props(prod, 'RunwayChecksRole').ManagedPolicyArns).toBeUndefined();
  });

  it('asks the stakeholders through approval-gateway’s topic, which the pipeline role may publish to', () => {
    const approval = action('Approval');
    expect(approval.ActionTypeId).toMatchObject({ Category: 'Approval', Provider: 'Manual' });
    const topic = approval.Configuration.NotificationArn;
    expect(JSON.stringify(topic)).toContain('runway-approval-gateway-prod-approvals');
    expect(inlineStatements('RunwayPipelineRole')).toContainEqual(
      expect.objectContaining({ Action: 'sns:Publish', Resource: topic }),
    );
  });

  it('keeps its artifacts in pipeline-triggers’ artifact bucket, which only its own roles may use', () => {
    expect(composeOutput(given('artifactBucketName'))).toEqual({
      service: 'pipeline-triggers',
      output: 'ArtifactBucketName',
    });
    expect(props(prod, 'RunwayPipeline').ArtifactStore).toEqual({ Type: 'S3', Location: GIVEN.artifactBucketName });
    const objects = { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${GIVEN.artifactBucketName}/*` };
    for (const role of ['RunwayChecksRole', 'RunwayDeployRole', 'RunwayPipelineRole']) {
      expect(inlineStatements(role)).toContainEqual(expect.objectContaining({ Resource: objects }));
    }
  });

  it('files the test reports of both projects in their own report groups', () => {
    expect(props(prod, 'RunwayChecksTestReports').Name).toBe('runway-prod-runway-checks-junit');
    expect(props(prod, 'RunwayDeployTestReports').Name).toBe('runway-prod-runway-deploy-junit');
  });
});

const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/runway-prod-permissions-boundary`;
const EXECUTION_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/runway-prod-cloudformation-${REGION}`;

describe('the deploy role (the pipeline’s CodeBuild)', () => {
  const deployRole = () => ({
    identity: rolePolicies(prod.template, 'RunwayDeployRole'),
    boundary: boundaryPolicy(access.template, 'PermissionsBoundary'),
  });

  it('uses a "*" resource only to validate templates, which has no resource-level permission', () => {
    const unscoped = inlineStatements('RunwayDeployRole').filter((statement) => statement.Resource === '*');
    expect(unscoped.map((statement) => statement.Sid)).toEqual(['ValidateTemplatesHasNoResource']);
  });

  it('deploys runway-* stacks and may pass CloudFormation the stage’s execution role, and nothing else', async () => {
    const role = deployRole();
    const stack = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/runway-metrics-api-prod/0a1b2c3d`;
    expect(await decide(role, 'cloudformation:CreateChangeSet', stack)).toBe('Allowed');
    expect(await decide(role, 'cloudformation:ExecuteChangeSet', stack)).toBe('Allowed');
    expect(
      await decide(role, 'iam:PassRole', EXECUTION_ROLE_ARN, { 'iam:PassedToService': 'cloudformation.amazonaws.com' }),
    ).toBe('Allowed');
    expect(
      await decide(role, 's3:PutObject', 'arn:aws:s3:::runway-metrics-api-prod-serverlessdeploymentbucket-abc/x.zip'),
    ).toBe('Allowed');
    // Not to Lambda, not another role, and none of the rights the execution role holds.
    expect(
      await decide(role, 'iam:PassRole', EXECUTION_ROLE_ARN, { 'iam:PassedToService': 'lambda.amazonaws.com' }),
    ).not.toBe('Allowed');
    const functionRole = `arn:aws:iam::${ACCOUNT}:role/runway-pipeline-triggers-prod-onImageBuilt-${REGION}`;
    expect(
      await decide(role, 'iam:PassRole', functionRole, { 'iam:PassedToService': 'cloudformation.amazonaws.com' }),
    ).not.toBe('Allowed');
    expect(
      await decide(role, 'iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/runway-anything`, {
        'iam:PermissionsBoundary': BOUNDARY_ARN,
      }),
    ).not.toBe('Allowed');
    expect(
      await decide(role, 'lambda:CreateFunction', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:runway-x`),
    ).not.toBe('Allowed');
    expect(
      await decide(
        role,
        'cloudformation:UpdateStack',
        `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/other-team/1`,
      ),
    ).not.toBe('Allowed');
  });

  it('cannot touch the stacks of what deploys it (services/deploy-access)', async () => {
    const accessStack = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/runway-deploy-access-prod/0a1b2c3d`;
    expect(await decide(deployRole(), 'cloudformation:UpdateStack', accessStack)).toBe('ExplicitlyDenied');
    expect(await decide(deployRole(), 'cloudformation:DeleteStack', accessStack)).toBe('ExplicitlyDenied');
  });

  it('gives the deploy project the execution role of the stage each deploy action deploys', () => {
    for (const [stage, name] of [
      ['DeployDev', 'dev'],
      ['DeployProd', 'prod'],
    ] as const) {
      const variables = (action(stage).Configuration.EnvironmentVariables as { 'Fn::Sub': string })['Fn::Sub'];
      expect(JSON.parse(variables)).toEqual([
        { name: 'STAGE', value: name, type: 'PLAINTEXT' },
        {
          name: 'CLOUDFORMATION_EXECUTION_ROLE_ARN',
          value: `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/runway-${name}-cloudformation-\${AWS::Region}`,
          type: 'PLAINTEXT',
        },
      ]);
    }
  });
});

describe('the CloudFormation execution role (services/deploy-access)', () => {
  const executionRole = () => ({
    identity: rolePolicies(access.template, 'CloudFormationExecutionRole'),
    boundary: boundaryPolicy(access.template, 'PermissionsBoundary'),
  });
  const executionStatements = () =>
    (access.resource('CloudFormationExecutionRole').Properties.ManagedPolicyArns as { Ref: string }[]).flatMap(
      ({ Ref }) => (access.resource(Ref).Properties.PolicyDocument as unknown as { Statement: Statement[] }).Statement,
    );

  it('is the role the pipeline passes, trusted by CloudFormation only, and carries the boundary itself', () => {
    const role = access.resource('CloudFormationExecutionRole').Properties;
    expect(role.RoleName).toBe(`runway-prod-cloudformation-${REGION}`);
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain('"Service":"cloudformation.amazonaws.com"');
    expect(role.PermissionsBoundary).toEqual({ Ref: 'PermissionsBoundary' });
    expect(access.resource('PermissionsBoundary').Properties.ManagedPolicyName).toBe(
      'runway-prod-permissions-boundary',
    );
  });

  it('uses a "*" resource only in the statements whose actions have no resource-level permission', () => {
    const unscoped = executionStatements().filter((statement) => statement.Resource === '*');
    expect(unscoped.map((statement) => statement.Sid).sort()).toEqual([
      'AccessLogDeliveriesHaveNoResource',
      'CreateConnectionHasNoResource',
      'CreateKeysHasNoResource',
      'CreateUserPoolHasNoResource',
      'DescribeHasNoResource',
      'SiteCdnCreatesHaveNoResource',
      'TaskDefinitionsHaveNoResource',
    ]);
  });

  // The prefix of IAM actions for each CloudFormation service namespace the templates use.
  const IAM_PREFIX: Record<string, string> = {
    ApiGatewayV2: 'apigateway',
    ApplicationAutoScaling: 'application-autoscaling',
    CodeStarConnections: 'codestar-connections',
    Cognito: 'cognito-idp',
    ElasticLoadBalancingV2: 'elasticloadbalancing',
  };

  it('may create every resource type that any Runway template declares (a new type needs a permission here)', () => {
    const allowed = new Set(executionStatements().flatMap(actions));
    // API Gateway's actions are the HTTP verbs: POST creates.
    const creates = (granted: string) => /:(Create|Put|Register|POST$)/.test(granted);
    const missing = [...stackTypes()].filter((type) => {
      const namespace = type.split('::')[1] ?? '';
      const prefix = IAM_PREFIX[namespace] ?? namespace.toLowerCase();
      return ![...allowed].some((granted) => granted.startsWith(`${prefix}:`) && creates(granted));
    });
    expect(missing).toEqual([]);
  });

  it('lists, for every resource type of the stacks, what CloudFormation calls to create, update and delete it', () => {
    expect([...stackTypes()].filter((type) => !(type in DEPLOY_ACTIONS))).toEqual([]);
  });

  it('is allowed every one of those calls on the resources the stacks make (the IAM policy simulator)', async () => {
    const role = executionRole();
    const context = {
      'iam:PermissionsBoundary': BOUNDARY_ARN,
      'iam:PassedToService': 'lambda.amazonaws.com',
    };
    const denied: string[] = [];
    for (const type of [...stackTypes()].sort()) {
      const entry = DEPLOY_ACTIONS[type];
      if (!entry) continue;
      for (const name of entry.actions) {
        const arn = entry.arns?.[name] ?? entry.arn;
        const decision = await decide(role, name, arn, { ...context, ...entry.context }, entry);
        if (decision !== 'Allowed') denied.push(`${type}: ${name} on ${arn} (${decision})`);
      }
    }
    expect(denied).toEqual([]);
  }, 120_000);

  it('may start what the documented gaps were: the RDS default groups, a rolling update, AWS-owned components, service-linked roles', async () => {
    const role = executionRole();
    for (const [name, resource] of [
      ['rds:CreateDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:og:default:mysql-8-4`],
      ['rds:CreateDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:pg:default.mysql8.4`],
      ['imagebuilder:GetComponent', `arn:aws:imagebuilder:${REGION}:aws:component/update-linux/1.0.2/1`],
      [
        'iam:GetRole',
        `arn:aws:iam::${ACCOUNT}:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder`,
      ],
    ] as const) {
      expect(`${name} ${await decide(role, name, resource)}`).toBe(`${name} Allowed`);
    }
    const instanceProfileRole = `arn:aws:iam::${ACCOUNT}:role/runway-image-pipeline-starter-prod-ImageBuilderInstanceRole-ABC`;
    expect(
      await decide(role, 'iam:PassRole', instanceProfileRole, { 'iam:PassedToService': 'imagebuilder.amazonaws.com' }),
    ).toBe('Allowed');
  });

  describe('cannot escalate', () => {
    const runwayRole = `arn:aws:iam::${ACCOUNT}:role/runway-metrics-api-prod-activityCreate-${REGION}`;

    it('creates or changes a role only with the stage’s boundary', async () => {
      const role = executionRole();
      expect(await decide(role, 'iam:CreateRole', runwayRole, { 'iam:PermissionsBoundary': BOUNDARY_ARN })).toBe(
        'Allowed',
      );
      expect(await decide(role, 'iam:CreateRole', runwayRole)).not.toBe('Allowed');
      const otherBoundary = `arn:aws:iam::${ACCOUNT}:policy/runway-prod-wide-open`;
      expect(await decide(role, 'iam:CreateRole', runwayRole, { 'iam:PermissionsBoundary': otherBoundary })).not.toBe(
        'Allowed',
      );
      expect(await decide(role, 'iam:PutRolePolicy', runwayRole)).not.toBe('Allowed');
      expect(await decide(role, 'iam:DeleteRolePermissionsBoundary', runwayRole)).toBe('ExplicitlyDenied');
    });

    it('touches no role but runway-* ones, and attaches no policy but the known ones', async () => {
      const role = executionRole();
      const admin = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`;
      for (const name of [
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:AttachRolePolicy',
        'iam:UpdateAssumeRolePolicy',
        'iam:DeleteRole',
      ]) {
        expect(`${name} ${await decide(role, name, admin, { 'iam:PermissionsBoundary': BOUNDARY_ARN })}`).not.toBe(
          `${name} Allowed`,
        );
      }
      const attach = (policy: string) =>
        decide(role, 'iam:AttachRolePolicy', runwayRole, {
          'iam:PermissionsBoundary': BOUNDARY_ARN,
          'iam:PolicyARN': policy,
        });
      expect(await attach('arn:aws:iam::aws:policy/AdministratorAccess')).not.toBe('Allowed');
      expect(await attach('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore')).toBe('Allowed');
    });

    it('cannot rewrite the boundary, change itself, or make users and keys', async () => {
      const role = executionRole();
      expect(await decide(role, 'iam:CreatePolicyVersion', BOUNDARY_ARN)).not.toBe('Allowed');
      expect(await decide(role, 'iam:DeletePolicy', BOUNDARY_ARN)).not.toBe('Allowed');
      expect(
        await decide(role, 'iam:PutRolePolicy', EXECUTION_ROLE_ARN, { 'iam:PermissionsBoundary': BOUNDARY_ARN }),
      ).not.toBe('Allowed');
      expect(await decide(role, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/runway-x`)).not.toBe('Allowed');
      expect(await decide(role, 'iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/runway-x`)).not.toBe('Allowed');
    });
  });
});

describe('every role of every stack', () => {
  it('carries the stage’s permissions boundary, the one deploy-access creates', () => {
    for (const [label, template] of stackTemplates) {
      const stage = label.endsWith('(dev)') ? 'dev' : 'prod';
      for (const [id, resource] of Object.entries(template.Resources)) {
        if (resource.Type !== 'AWS::IAM::Role') continue;
        expect(`${label} ${id}: ${JSON.stringify(resource.Properties?.PermissionsBoundary)}`).toBe(
          `${label} ${id}: {"Fn::Sub":"arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/runway-${stage}-permissions-boundary"}`,
        );
      }
    }
  });
});
