/**
 * Runway's own pipeline (resources/delivery/runway-pipeline.yml), read from the packaged
 * templates: prod declares it and dev does not; what it runs in which order; and that its deploy
 * role can create every resource type Runway's templates declare, with no unlisted `*` resource.
 */
import { packagedTemplate } from '../../../scripts/verify/packaged-templates';
import {
  type Json,
  type JsonObject,
  type Template,
  type TemplateView,
  templateView,
} from '../../../scripts/verify/template';

const PACKAGING_TIMEOUT = 300_000;
const SERVICES = ['metrics-api', 'approval-gateway', 'pipeline-triggers', 'image-pipeline-starter'];
let prod: TemplateView;
let dev: TemplateView;
const everyTemplate: Template[] = [];

beforeAll(async () => {
  for (const service of SERVICES) {
    for (const stage of ['dev', 'prod']) everyTemplate.push(await packagedTemplate(service, stage));
  }
  prod = templateView(await packagedTemplate('pipeline-triggers', 'prod'));
  dev = templateView(await packagedTemplate('pipeline-triggers', 'dev'));
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
const deployStatements = () =>
  (props(prod, 'RunwayDeployRole').ManagedPolicyArns as { Ref: string }[]).flatMap(
    ({ Ref }) => (props(prod, Ref).PolicyDocument as unknown as { Statement: Statement[] }).Statement,
  );

describe('Runway’s own pipeline', () => {
  it('is declared by the prod stage only, which delivers both stages', () => {
    expect(prod.ofType('AWS::CodePipeline::Pipeline')).toContain('RunwayPipeline');
    expect(Object.keys(dev.resources).filter((id) => id.startsWith('RunwayPipeline'))).toEqual([]);
    expect(props(prod, 'RunwayPipeline')).toMatchObject({ Name: 'runway-prod-runway', PipelineType: 'V2' });
  });

  it('runs source → checks → deploy dev → stakeholder approval → deploy prod', () => {
    expect(stages().map((stage) => stage.Name)).toEqual(['Source', 'Build', 'DeployDev', 'Approval', 'DeployProd']);
  });

  it('takes Runway’s repository from GitHub through the same connection as the delivery pipelines, on every push', () => {
    const source = action('Source');
    const amiSource = (props(prod, 'AmiProductionPipeline').Stages as unknown as { Actions: Action[] }[])[0]
      ?.Actions[0] as Action;
    expect(source.ActionTypeId.Provider).toBe('CodeStarSourceConnection');
    expect(source.Configuration).toMatchObject({ FullRepositoryId: 'example-org/runway', BranchName: 'main' });
    expect(source.Configuration.ConnectionArn).toEqual(amiSource.Configuration.ConnectionArn);
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
      expect(action(String(stage)).Configuration).toMatchObject({
        ProjectName: { Ref: 'RunwayDeployProject' },
        EnvironmentVariables: `[{"name":"STAGE","value":"${name}","type":"PLAINTEXT"}]`,
      });
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

  it('files the test reports of both projects in their own report groups', () => {
    expect(props(prod, 'RunwayChecksTestReports').Name).toBe('runway-prod-runway-checks-junit');
    expect(props(prod, 'RunwayDeployTestReports').Name).toBe('runway-prod-runway-deploy-junit');
  });
});

describe('the deploy role', () => {
  it('uses a "*" resource only in the statements whose actions have no resource-level permission', () => {
    const unscoped = deployStatements().filter((statement) => statement.Resource === '*');
    expect(unscoped.map((statement) => statement.Sid).sort()).toEqual([
      'AccessLogDeliveriesHaveNoResource',
      'CreateKeysHasNoResource',
      'CreateUserPoolHasNoResource',
      'DescribeHasNoResource',
      'TaskDefinitionsHaveNoResource',
      'ValidateTemplatesHasNoResource',
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
    const allowed = new Set(deployStatements().flatMap(actions));
    const types = new Set(everyTemplate.flatMap((template) => Object.values(template.Resources).map((r) => r.Type)));
    // API Gateway's actions are the HTTP verbs: POST creates.
    const creates = (granted: string) => /:(Create|Put|Register|POST$)/.test(granted);
    const missing = [...types].filter((type) => {
      const namespace = type.split('::')[1] ?? '';
      const prefix = IAM_PREFIX[namespace] ?? namespace.toLowerCase();
      return ![...allowed].some((granted) => granted.startsWith(`${prefix}:`) && creates(granted));
    });
    expect(missing).toEqual([]);
  });
});
