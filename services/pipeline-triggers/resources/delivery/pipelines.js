// The pipelines of a stage, two families each generated from one definition:
//
// Container pipelines, one per application (frontend, backend), started by a push to the
// stage's `containerSourceBranch` (dev: development, prod: main) that touches the application:
//   Source → Build (ContainerBuildProject: tests, image `<repository>:<commit id>`) → Deploy (ECS)
//   → Release (ReleaseTagProject: the repository's `live` tag moves to the deployed image, which
//   the template's task definitions name, so a stack update keeps it)
//
// AMI pipelines, one per image track, started by onImageBuilt with the variables AMI_ID and
// IMAGE_ARN when an image of the track is AVAILABLE (they do not start on a push):
//   qat:        Source → Build → DeployQAT → PromoteImage (imageBuildAction starts the production image)
//   production: Source → Build → DeployQAT → Approval (QCApproval, then PMOApproval)
//               → TwoPersonRule → DeployProduction (CodeDeploy in place, one instance at a time)
// The source is GitHub through the CodeStar connection, or CodeCommit (`sourceProvider`).
//
// What the pipelines deliver to is delivery-platform's (the cluster, its services, the
// repositories, the internal load balancer) and image-pipeline-starter's (imageBuildAction): compose
// params from their outputs (serverless-compose.yml), never names written here.

const APPROVALS = ['QCApproval', 'PMOApproval'];
const arn = (service, resource) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
});
// `codeStarConnectionArn: create` makes the connection in this stack (SourceConnection below).
const codeStarConnection = (settings) =>
  settings.connectionArn === 'create' ? { Ref: 'SourceConnection' } : settings.connectionArn;

// ---------------------------------------------------------------------------------------------
// Actions

function sourceAction(settings, branch, detectChanges) {
  const common = {
    Name: 'Source',
    Namespace: 'SourceVariables',
    OutputArtifacts: [{ Name: 'Source' }],
    RunOrder: 1,
  };
  if (settings.useCodeCommit) {
    return {
      ...common,
      ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeCommit', Version: '1' },
      Configuration: {
        RepositoryName: settings.codeCommitRepository,
        BranchName: branch,
        PollForSourceChanges: false,
        OutputArtifactFormat: 'CODE_ZIP',
      },
    };
  }
  return {
    ...common,
    ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection', Version: '1' },
    Configuration: {
      ConnectionArn: codeStarConnection(settings),
      FullRepositoryId: settings.githubRepository,
      BranchName: branch,
      DetectChanges: detectChanges,
      OutputArtifactFormat: 'CODE_ZIP',
    },
  };
}

// A JSON string; CodePipeline resolves the #{...} variables before the build starts. A value that
// is an intrinsic (a packaging default: `!Sub`) is a variable of the Fn::Sub.
function environmentVariables(environment) {
  const variables = {};
  const list = Object.entries(environment).map(([name, value]) => {
    if (typeof value === 'string') return { name, value, type: 'PLAINTEXT' };
    variables[name] = value;
    return { name, value: `\${${name}}`, type: 'PLAINTEXT' };
  });
  return { 'Fn::Sub': [JSON.stringify(list), variables] };
}

function buildAction(project, environment, output) {
  return {
    Name: 'Build',
    ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
    InputArtifacts: [{ Name: 'Source' }],
    OutputArtifacts: [{ Name: output }],
    Configuration: {
      ProjectName: { Ref: project },
      EnvironmentVariables: environmentVariables(environment),
    },
    RunOrder: 1,
  };
}

function codeDeployAction(name, deploymentGroup) {
  return {
    Name: name,
    ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CodeDeploy', Version: '1' },
    InputArtifacts: [{ Name: 'Revision' }],
    Configuration: { ApplicationName: { Ref: 'CodeDeployApplication' }, DeploymentGroupName: { Ref: deploymentGroup } },
    RunOrder: 1,
  };
}

function lambdaAction(name, functionName, userParameters, runOrder = 1) {
  return {
    Name: name,
    ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'Lambda', Version: '1' },
    Configuration: { FunctionName: functionName, UserParameters: userParameters },
    RunOrder: runOrder,
  };
}

// An approval's CustomData starts with the role whose people answer it (`[role:qc]`): approval-gateway
// mails only that role's people of the approver directory, and the two-person rule accepts only them
// (shared/src/approvals/approver-directory.ts).
function approvalAction(settings, name, role, who, runOrder) {
  return {
    Name: name,
    ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
    Configuration: {
      NotificationArn: settings.approvalTopicArn,
      CustomData: `[role:${role}] ${who}: the release of AMI #{variables.AMI_ID} runs on the QAT fleet; approve to send it to production.`,
      ExternalEntityLink: { 'Fn::Sub': [`http://\${Host}:8081`, { Host: settings.internalLoadBalancerDnsName }] },
    },
    RunOrder: runOrder,
  };
}

// ---------------------------------------------------------------------------------------------
// Container pipelines (frontend, backend)

// Each app's repository URI and ECS service name are params of the same prefix
// (frontendRepositoryUri, frontendServiceName).
const CONTAINER_APPS = [
  { id: 'Frontend', name: 'frontend' },
  { id: 'Backend', name: 'backend' },
];
const serviceArn = (settings, app) =>
  arn('ecs', `service/${settings.ecsClusterName}/${settings[`${app.name}ServiceName`]}`);

function containerPipeline(settings, app) {
  return {
    Type: 'AWS::CodePipeline::Pipeline',
    Properties: {
      Name: `runway-${settings.stage}-${app.name}`,
      PipelineType: 'V2',
      ExecutionMode: 'SUPERSEDED',
      RoleArn: { 'Fn::GetAtt': ['ContainerPipelineRole', 'Arn'] },
      ArtifactStore: { Type: 'S3', Location: { Ref: 'ArtifactBucket' } },
      Stages: [
        { Name: 'Source', Actions: [sourceAction(settings, settings.containerSourceBranch, true)] },
        {
          Name: 'Build',
          Actions: [
            buildAction(
              'ContainerBuildProject',
              {
                APP_NAME: app.name,
                REPOSITORY_URI: settings[`${app.name}RepositoryUri`],
                COMMIT_ID: '#{SourceVariables.CommitId}',
              },
              'ImageDefinitions',
            ),
          ],
        },
        {
          Name: 'Deploy',
          Actions: [
            {
              Name: 'Deploy',
              ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'ECS', Version: '1' },
              InputArtifacts: [{ Name: 'ImageDefinitions' }],
              Configuration: {
                ClusterName: settings.ecsClusterName,
                ServiceName: settings[`${app.name}ServiceName`],
                FileName: 'imagedefinitions.json',
                DeploymentTimeout: '20',
              },
              RunOrder: 1,
            },
          ],
        },
        {
          Name: 'Release',
          Actions: [
            {
              Name: 'TagLive',
              ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
              InputArtifacts: [{ Name: 'ImageDefinitions' }],
              Configuration: { ProjectName: { Ref: 'ReleaseTagProject' } },
              RunOrder: 1,
            },
          ],
        },
      ],
      // Pushes of the application's own directory on the stage's branch (GitHub); CodeCommit
      // pushes start the pipeline through the EventBridge rule below.
      ...(settings.useCodeCommit
        ? {}
        : {
            Triggers: [
              {
                ProviderType: 'CodeStarSourceConnection',
                GitConfiguration: {
                  SourceActionName: 'Source',
                  Push: [
                    {
                      Branches: { Includes: [settings.containerSourceBranch] },
                      // Images build from the repository root with its package.json and lockfile.
                      FilePaths: {
                        Includes: [`${app.name}/**`, 'buildspecs/containers.yml', 'package.json', 'package-lock.json'],
                      },
                    },
                  ],
                },
              },
            ],
          }),
    },
  };
}

function codeCommitStartRule(settings, app) {
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Description: `Starts the ${app.name} pipeline on a push to ${settings.containerSourceBranch}`,
      EventPattern: {
        source: ['aws.codecommit'],
        'detail-type': ['CodeCommit Repository State Change'],
        resources: [arn('codecommit', settings.codeCommitRepository)],
        detail: {
          event: ['referenceCreated', 'referenceUpdated'],
          referenceType: ['branch'],
          referenceName: [settings.containerSourceBranch],
        },
      },
      Targets: [
        {
          Id: 'pipeline',
          Arn: arn('codepipeline', `runway-${settings.stage}-${app.name}`),
          RoleArn: { 'Fn::GetAtt': ['CodeCommitStartRole', 'Arn'] },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// AMI pipelines (qat, production)

function amiStages(settings, pipelineName) {
  return {
    Source: () => ({ Name: 'Source', Actions: [sourceAction(settings, settings.amiSourceBranch, false)] }),
    Build: () => ({
      Name: 'Build',
      Actions: [
        buildAction(
          'ChecksBuildProject',
          {
            AMI_ID: '#{variables.AMI_ID}',
            IMAGE_ARN: '#{variables.IMAGE_ARN}',
            COMMIT_ID: '#{SourceVariables.CommitId}',
          },
          'Revision',
        ),
      ],
    }),
    DeployQAT: () => ({ Name: 'DeployQAT', Actions: [codeDeployAction('DeployQAT', 'QatDeploymentGroup')] }),
    PromoteImage: () => ({
      Name: 'PromoteImage',
      Actions: [
        lambdaAction('BuildProductionImage', settings.imageBuildActionFunctionName, {
          'Fn::Sub': `{"imagePipelineArn":"arn:\${AWS::Partition}:imagebuilder:\${AWS::Region}:\${AWS::AccountId}:image-pipeline/${settings.prodImagePipelineName}","wait":false}`,
        }),
      ],
    }),
    Approval: () => ({
      Name: 'Approval',
      Actions: [
        approvalAction(settings, 'QCApproval', 'qc', 'QC', 1),
        approvalAction(settings, 'PMOApproval', 'pmo', 'PMO', 2),
      ],
    }),
    TwoPersonRule: () => ({
      Name: 'TwoPersonRule',
      Actions: [
        // The rule reads its execution from CodePipeline (GetJobDetails, else the execution its
        // action runs in); the pipeline name only says where to look, never which execution.
        lambdaAction(
          'TwoPersonRule',
          { Ref: 'TwoPersonRuleLambdaFunction' },
          JSON.stringify({ approvals: APPROVALS, pipelineName }),
        ),
      ],
    }),
    DeployProduction: () => ({
      Name: 'DeployProduction',
      Actions: [codeDeployAction('DeployProduction', 'ProductionDeploymentGroup')],
    }),
  };
}

const AMI_TRACKS = [
  { id: 'AmiQat', pipelineName: 'qatPipelineName', stages: ['Source', 'Build', 'DeployQAT', 'PromoteImage'] },
  {
    id: 'AmiProduction',
    pipelineName: 'prodPipelineName',
    stages: ['Source', 'Build', 'DeployQAT', 'Approval', 'TwoPersonRule', 'DeployProduction'],
  },
];

function amiPipeline(settings, track) {
  const stages = amiStages(settings, settings[track.pipelineName]);
  return {
    Type: 'AWS::CodePipeline::Pipeline',
    Properties: {
      Name: settings[track.pipelineName],
      PipelineType: 'V2',
      ExecutionMode: 'QUEUED',
      RoleArn: { 'Fn::GetAtt': ['AmiPipelineRole', 'Arn'] },
      ArtifactStore: { Type: 'S3', Location: { Ref: 'ArtifactBucket' } },
      Variables: [
        { Name: 'AMI_ID', DefaultValue: 'unset', Description: 'The image to deliver (set by onImageBuilt)' },
        { Name: 'IMAGE_ARN', DefaultValue: 'unset', Description: 'Its Image Builder image ARN' },
      ],
      Stages: track.stages.map((name) => stages[name]()),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Roles

function sourceStatement(settings) {
  if (settings.useCodeCommit) {
    return {
      Effect: 'Allow',
      Action: [
        'codecommit:GetBranch',
        'codecommit:GetCommit',
        'codecommit:UploadArchive',
        'codecommit:GetUploadArchiveStatus',
        'codecommit:CancelUploadArchive',
      ],
      Resource: arn('codecommit', settings.codeCommitRepository),
    };
  }
  return {
    Effect: 'Allow',
    Action: ['codestar-connections:UseConnection', 'codeconnections:UseConnection'],
    Resource: codeStarConnection(settings),
  };
}

const artifactStatements = [
  {
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
    Resource: { 'Fn::Sub': `\${ArtifactBucket.Arn}/*` },
  },
  {
    Effect: 'Allow',
    Action: ['s3:GetBucketVersioning', 's3:GetBucketLocation'],
    Resource: { 'Fn::GetAtt': ['ArtifactBucket', 'Arn'] },
  },
];

function pipelineRole(settings, policyName, statements) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      PermissionsBoundary: settings.permissionsBoundary,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'codepipeline.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      Policies: [{ PolicyName: policyName, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}

function containerPipelineRole(settings) {
  // The ECS standard deploy action's documented service role permissions: it registers a new
  // revision of the service's task definition (tagged, as the services propagate their tags),
  // updates the service and follows its tasks.
  return pipelineRole(settings, 'build-and-deploy-containers', [
    ...artifactStatements,
    sourceStatement(settings),
    {
      Effect: 'Allow',
      Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
      Resource: [{ 'Fn::GetAtt': ['ContainerBuildProject', 'Arn'] }, { 'Fn::GetAtt': ['ReleaseTagProject', 'Arn'] }],
    },
    {
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: CONTAINER_APPS.map((app) => serviceArn(settings, app)),
    },
    // Task definitions have no resource-level permissions for these two.
    { Effect: 'Allow', Action: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: 'ecs:TagResource',
      Resource: CONTAINER_APPS.map((app) => arn('ecs', `task-definition/runway-${settings.stage}-${app.name}:*`)),
      Condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
    },
    {
      Effect: 'Allow',
      Action: 'ecs:DescribeTasks',
      Resource: arn('ecs', `task/${settings.ecsClusterName}/*`),
    },
    // ListTasks is authorised on container instances; the condition keeps it to this cluster.
    {
      Effect: 'Allow',
      Action: 'ecs:ListTasks',
      Resource: arn('ecs', `container-instance/${settings.ecsClusterName}/*`),
    },
    {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: settings.ecsTaskExecutionRoleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  ]);
}

function amiPipelineRole(settings) {
  const deploymentGroup = (name) => arn('codedeploy', `deploymentgroup:runway-${settings.stage}-ami/${name}`);
  return pipelineRole(settings, 'deliver-amis', [
    ...artifactStatements,
    sourceStatement(settings),
    {
      Effect: 'Allow',
      Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
      Resource: { 'Fn::GetAtt': ['ChecksBuildProject', 'Arn'] },
    },
    {
      Effect: 'Allow',
      Action: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'],
      Resource: [
        deploymentGroup(`runway-${settings.stage}-ami-qat`),
        deploymentGroup(`runway-${settings.stage}-ami-production`),
      ],
    },
    {
      Effect: 'Allow',
      Action: [
        'codedeploy:GetApplication',
        'codedeploy:GetApplicationRevision',
        'codedeploy:RegisterApplicationRevision',
      ],
      Resource: arn('codedeploy', `application:runway-${settings.stage}-ami`),
    },
    {
      Effect: 'Allow',
      Action: 'codedeploy:GetDeploymentConfig',
      Resource: arn('codedeploy', 'deploymentconfig:CodeDeployDefault.OneAtATime'),
    },
    {
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: [
        { 'Fn::GetAtt': ['TwoPersonRuleLambdaFunction', 'Arn'] },
        arn('lambda', `function:${settings.imageBuildActionFunctionName}`),
      ],
    },
    // Manual approvals notify approval-gateway through its topic, with this role.
    { Effect: 'Allow', Action: 'sns:Publish', Resource: settings.approvalTopicArn },
  ]);
}

function codeCommitStartRole(settings) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      PermissionsBoundary: settings.permissionsBoundary,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      Policies: [
        {
          PolicyName: 'start-container-pipelines',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'codepipeline:StartPipelineExecution',
                Resource: CONTAINER_APPS.map((app) => arn('codepipeline', `runway-${settings.stage}-${app.name}`)),
              },
            ],
          },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function readSettings(resolveVariable) {
  const names = [
    'githubRepository',
    'codeCommitRepository',
    'containerSourceBranch',
    'approvalTopicArn',
    'imageBuildActionFunctionName',
    'qatPipelineName',
    'prodPipelineName',
    'prodImagePipelineName',
    'internalLoadBalancerDnsName',
    'ecsClusterName',
    'ecsTaskExecutionRoleArn',
    ...CONTAINER_APPS.flatMap((app) => [`${app.name}RepositoryUri`, `${app.name}ServiceName`]),
  ];
  const settings = {
    stage: await resolveVariable('sls:stage'),
    amiSourceBranch: await resolveVariable('param:sourceBranch'),
    connectionArn: await resolveVariable('param:codeStarConnectionArn'),
    useCodeCommit: (await resolveVariable('param:sourceProvider')) === 'codecommit',
    // Every role carries the stage's permissions boundary (services/deploy-access).
    permissionsBoundary: await resolveVariable('self:custom.deployAccess.permissionsBoundary'),
  };
  for (const name of names) settings[name] = await resolveVariable(`param:${name}`);
  // delivery-platform's EcsClusterName is `none` where the stage runs no ECS (`ecsCluster: false`).
  settings.ecsCluster = settings.ecsClusterName !== 'none';
  return settings;
}

// The stage's params decide what is generated: no CloudFormation conditions.
module.exports = async ({ resolveVariable }) => {
  const settings = await readSettings(resolveVariable);
  const resources = { AmiPipelineRole: amiPipelineRole(settings) };
  if (!settings.useCodeCommit && settings.connectionArn === 'create') {
    // Created PENDING: complete the GitHub handshake once in the console (DELIVERY.md).
    resources.SourceConnection = {
      Type: 'AWS::CodeStarConnections::Connection',
      Properties: { ConnectionName: `runway-${settings.stage}-github`, ProviderType: 'GitHub' },
    };
  }
  if (settings.ecsCluster) {
    resources.ContainerPipelineRole = containerPipelineRole(settings);
    for (const app of CONTAINER_APPS) resources[`${app.id}Pipeline`] = containerPipeline(settings, app);
    if (settings.useCodeCommit) {
      resources.CodeCommitStartRole = codeCommitStartRole(settings);
      for (const app of CONTAINER_APPS) resources[`${app.id}CodeCommitStartRule`] = codeCommitStartRule(settings, app);
    }
  }
  for (const track of AMI_TRACKS) resources[`${track.id}Pipeline`] = amiPipeline(settings, track);
  return {
    Resources: resources,
    Outputs: {
      AmiPipelineNames: {
        Description: 'AMI pipelines (QAT track, production track); onImageBuilt starts them',
        Value: { 'Fn::Join': [',', AMI_TRACKS.map((track) => ({ Ref: `${track.id}Pipeline` }))] },
      },
      SourceConnectionArn: {
        Description: 'CodeStar connection to GitHub (complete its handshake in the console once)',
        Value: settings.useCodeCommit ? 'none' : codeStarConnection(settings),
      },
    },
  };
};
