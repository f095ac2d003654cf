/**
 * What CloudFormation or the services behind it reject (or undo) only when a stack is created or
 * updated, which the resource specification does not say:
 *   - an output whose Value is not one value (a map holding two intrinsics: the framework deep-merges
 *     a hand-written output into its own output of the same name);
 *   - a policy principal naming a service-linked role the account may not have yet (IAM, KMS, SNS
 *     and S3 reject a policy whose principal does not exist), unless the template creates the role
 *     and the policy waits for it;
 *   - a name longer than the service allows;
 *   - a name unique across all AWS accounts (S3 bucket, Cognito domain prefix) without the account;
 *   - a fixed name on a resource the stack's deletion retains (a prod table): the retained resource
 *     keeps the name taken, so the stage cannot be deployed again after a removal;
 *   - a launch template whose image is a parameter of type AWS::SSM::Parameter::Value, which
 *     CloudFormation resolves again on every stack operation;
 *   - an Auto Scaling group on launch template version `$Latest` or `$Default`, which
 *     CloudFormation does not support there;
 *   - an IAM role without a permissions boundary, which the pipeline's execution role may not create;
 *   - CloudFormation conditions: stage differences are chosen when packaging (params and the
 *     files they pick), so a packaged template holds only what its stage creates.
 */
import {
  type Finding,
  intrinsicName,
  isObject,
  type Json,
  type Template,
  type TemplateResource,
  walkJson,
} from '../../test-support/template';

type Report = (where: string, message: string) => void;

/** Outputs: a Value is a string, a number, or exactly one intrinsic. */
function checkOutputs(template: Template, report: Report): void {
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const value = output.Value;
    const where = `Outputs.${name}.Value`;
    if (value === undefined) report(where, 'an output needs a Value');
    else if (Array.isArray(value)) report(where, 'an output value is one string, not a list (join it)');
    else if (isObject(value) && !intrinsicName(value)) {
      report(
        where,
        `an output value is one string, but this is a map of ${Object.keys(value).join(', ')} ` +
          '(two outputs of the same name merged?)',
      );
    }
  }
}

const SERVICE_LINKED = /aws-service-role\/|AWSServiceRoleFor/;

/** The AWS principals of a statement's Principal, as written (strings or intrinsics). */
function awsPrincipals(principal: Json | undefined): Json[] {
  if (!isObject(principal) || principal.AWS === undefined) return [];
  return Array.isArray(principal.AWS) ? principal.AWS : [principal.AWS];
}

function dependsOn(resource: TemplateResource): string[] {
  if (resource.DependsOn === undefined) return [];
  return Array.isArray(resource.DependsOn) ? resource.DependsOn : [resource.DependsOn];
}

/**
 * A principal naming a service-linked role: the role exists only once its service created it (or
 * someone called CreateServiceLinkedRole), and a policy naming a missing principal is rejected.
 * Accepted when the template's own AWS::IAM::ServiceLinkedRole of that service is a DependsOn of
 * the resource holding the policy. A condition on aws:PrincipalArn is not a principal and passes.
 */
function checkServiceLinkedPrincipals(template: Template, report: Report): void {
  const linkedRoles = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::IAM::ServiceLinkedRole',
  );
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const waitsFor = new Set(dependsOn(resource));
    walkJson(resource.Properties ?? {}, `Resources.${logicalId}.Properties`, (value, path) => {
      if (!isObject(value) || !('Effect' in value)) return;
      for (const principal of awsPrincipals(value.Principal)) {
        const text = JSON.stringify(principal);
        if (!SERVICE_LINKED.test(text)) continue;
        const service = /aws-service-role\/([^/"]+)\//.exec(text)?.[1];
        const created = linkedRoles.some(
          ([id, role]) => waitsFor.has(id) && (!service || role.Properties?.AWSServiceName === service),
        );
        if (!created) {
          report(
            `${path}.Principal`,
            `names the service-linked role ${text.slice(0, 120)}, which a fresh account does not have yet: ` +
              'the policy is rejected. Create it here (AWS::IAM::ServiceLinkedRole) and DependsOn it, or ' +
              'name it in a condition on aws:PrincipalArn instead of the Principal',
          );
        }
      }
    });
  }
}

/**
 * Name limits of the services (their API references and quotas pages), by resource type and
 * property: the ones a template here may set.
 */
export const NAME_LIMITS: Record<string, Record<string, number>> = {
  'AWS::IAM::Role': { RoleName: 64 },
  'AWS::IAM::InstanceProfile': { InstanceProfileName: 128 },
  'AWS::IAM::ManagedPolicy': { ManagedPolicyName: 128 },
  'AWS::IAM::Group': { GroupName: 128 },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { Name: 32 },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { Name: 32 },
  'AWS::Logs::LogGroup': { LogGroupName: 512 },
  'AWS::Lambda::Function': { FunctionName: 64 },
  'AWS::Events::Rule': { Name: 64 },
  'AWS::RDS::DBInstance': { DBInstanceIdentifier: 63 },
  'AWS::S3::Bucket': { BucketName: 63 },
  'AWS::SNS::Topic': { TopicName: 256 },
  'AWS::SQS::Queue': { QueueName: 80 },
  'AWS::DynamoDB::Table': { TableName: 255 },
  'AWS::CodePipeline::Pipeline': { Name: 100 },
  'AWS::CodeBuild::Project': { Name: 255 },
  'AWS::CodeDeploy::Application': { ApplicationName: 100 },
  'AWS::CodeDeploy::DeploymentGroup': { DeploymentGroupName: 100 },
  'AWS::ECS::Cluster': { ClusterName: 255 },
  'AWS::ECS::Service': { ServiceName: 255 },
  'AWS::ECR::Repository': { RepositoryName: 256 },
  'AWS::AutoScaling::AutoScalingGroup': { AutoScalingGroupName: 255 },
  'AWS::EC2::LaunchTemplate': { LaunchTemplateName: 128 },
  'AWS::KMS::Alias': { AliasName: 256 },
  'AWS::CloudWatch::Alarm': { AlarmName: 255 },
  'AWS::Cognito::UserPoolDomain': { Domain: 63 },
};

/** The longest value each pseudo parameter takes (regions such as ap-southeast-5, aws-us-gov, amazonaws.com.cn). */
const PSEUDO_LENGTHS: Record<string, number> = {
  'AWS::Region': 14,
  'AWS::AccountId': 12,
  'AWS::Partition': 10,
  'AWS::URLSuffix': 16,
};

function longestSub(text: string): number | undefined {
  let length = 0;
  for (const part of text.split(/(\$\{[^}]*\})/)) {
    const name = /^\$\{([^}]*)\}$/.exec(part)?.[1];
    const known = name === undefined ? part.length : name.startsWith('!') ? part.length - 1 : PSEUDO_LENGTHS[name];
    if (known === undefined) return undefined;
    length += known;
  }
  return length;
}

function longestJoin(separator: string, parts: Json[]): number | undefined {
  let length = separator.length * (parts.length - 1);
  for (const part of parts) {
    const known = longestName(part);
    if (known === undefined) return undefined;
    length += known;
  }
  return length;
}

/** The longest a name can be, when the template tells (literals and pseudo parameters), else undefined. */
export function longestName(value: Json): number | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value).length;
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return PSEUDO_LENGTHS[value.Ref];
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return longestSub(sub);
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1]))
    return longestJoin(join[0], join[1]);
  return undefined;
}

function checkNameLengths(template: Template, report: Report): void {
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    for (const [property, limit] of Object.entries(NAME_LIMITS[resource.Type] ?? {})) {
      const value = resource.Properties?.[property];
      if (value === undefined) continue;
      const length = longestName(value);
      if (length !== undefined && length > limit) {
        const worstCase = typeof value === 'string' ? '' : ' in the longest region';
        report(
          `Resources.${logicalId}.Properties.${property}`,
          `${resource.Type} ${property} is ${length} characters${worstCase}; the limit is ${limit}`,
        );
      }
    }
  }
}

/**
 * A launch template's image as a parameter of type AWS::SSM::Parameter::Value: CloudFormation
 * resolves it again on every stack operation, so any deploy after AWS published a new image writes
 * a new launch template version (undoing the version an Image Builder distribution set, or rolling
 * the fleet). A `{{resolve:ssm:...}}` dynamic reference is only resolved again when its text changes.
 */
function checkSsmImageParameters(template: Template, report: Report): void {
  const ssmParameters = new Set(
    Object.entries(template.Parameters ?? {})
      .filter(([, parameter]) => String(parameter.Type ?? '').startsWith('AWS::SSM::Parameter::Value<'))
      .map(([name]) => name),
  );
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::EC2::LaunchTemplate') continue;
    const data = resource.Properties?.LaunchTemplateData;
    const imageId = isObject(data) ? data.ImageId : undefined;
    if (imageId === undefined) continue;
    walkJson(imageId, `Resources.${logicalId}.Properties.LaunchTemplateData.ImageId`, (value, path) => {
      if (isObject(value) && typeof value.Ref === 'string' && ssmParameters.has(value.Ref)) {
        report(
          path,
          `the image is the SSM-typed parameter ${value.Ref}, resolved again on every stack update: a routine ` +
            'deploy writes a new launch template version over the image Image Builder distributed (or rolls ' +
            "the fleet). Use a '{{resolve:ssm:<name>}}' dynamic reference",
        );
      }
    });
  }
}

/** Names unique across every AWS account (per partition, or per region for Cognito's domains). */
export const GLOBAL_NAMES: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Cognito::UserPoolDomain': 'Domain',
};

/** Whether a name, as written in the template, contains the account id (`${AWS::AccountId}` or its Ref). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the account as a CloudFormation Fn::Sub writes it.
const ACCOUNT_IN_SUB = '${AWS::AccountId}';

function includesAccount(value: Json): boolean {
  let found = false;
  walkJson(value, '', (part) => {
    if (typeof part === 'string' && part.includes(ACCOUNT_IN_SUB)) found = true;
    if (isObject(part) && part.Ref === 'AWS::AccountId') found = true;
  });
  return found;
}

/**
 * A globally unique name without the account: a second organisation deploying the same stage
 * collides with the first. Left unnamed (CloudFormation names it after the stack, with a random
 * suffix) or carrying `${AWS::AccountId}`, it cannot. A Cognito custom domain (a DNS name with a
 * dot, which its owner's certificate proves) is not a prefix and passes.
 */
function checkGlobalNames(template: Template, report: Report): void {
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const property = GLOBAL_NAMES[resource.Type];
    const value = property === undefined ? undefined : resource.Properties?.[property];
    if (property === undefined || value === undefined || includesAccount(value)) continue;
    if (resource.Type === 'AWS::Cognito::UserPoolDomain' && typeof value === 'string' && value.includes('.')) continue;
    report(
      `Resources.${logicalId}.Properties.${property}`,
      `${resource.Type} ${property} ${JSON.stringify(value).slice(0, 80)} is unique across all AWS accounts but does ` +
        `not include ${ACCOUNT_IN_SUB}: another organisation deploying this stage collides with it. Leave it ` +
        'unnamed (CloudFormation names it) or put the account in it',
    );
  }
}

/**
 * Names unique within an account and region (or the whole account, or all accounts) that a
 * retained resource keeps taken after its stack is deleted: the property that names each type.
 */
export const RETAINED_NAMES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::SSM::Parameter': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Cognito::UserPoolDomain': 'Domain',
};

/** DeletionPolicy values that leave the resource (and so its name) behind when the stack is deleted. */
const RETAINING_POLICIES = new Set(['Retain', 'RetainExceptOnCreate']);

/** Whether a name, as written, differs per stack: it carries the stack's id (`${AWS::StackId}` or its Ref). */
function uniquePerStack(value: Json): boolean {
  let found = false;
  walkJson(value, '', (part) => {
    if (typeof part === 'string' && /\$\{AWS::StackId\}/.test(part)) found = true;
    if (isObject(part) && part.Ref === 'AWS::StackId') found = true;
  });
  return found;
}

/**
 * A retained resource with a fixed name: `serverless remove` leaves it, holding the name, and the
 * stage's next stack fails to create it ("already exists"). Left unnamed (absent or AWS::NoValue:
 * CloudFormation names it `<stack>-<logical id>-<random>`) or carrying the stack id, it cannot.
 * Tables follow shared/serverless/table-names.js.
 */
function checkRetainedNames(template: Template, report: Report): void {
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const property = RETAINED_NAMES[resource.Type];
    if (property === undefined || !RETAINING_POLICIES.has(resource.DeletionPolicy ?? 'Delete')) continue;
    const value = resource.Properties?.[property];
    if (value === undefined || (isObject(value) && value.Ref === 'AWS::NoValue') || uniquePerStack(value)) continue;
    report(
      `Resources.${logicalId}.Properties.${property}`,
      `${resource.Type} ${property} ${JSON.stringify(value).slice(0, 80)} is fixed, and the stack's deletion retains ` +
        `the resource (DeletionPolicy ${resource.DeletionPolicy}): it keeps the name taken, so the stage cannot be ` +
        'deployed again after a removal. Leave it for CloudFormation to name (tables: ' +
        'shared/serverless/table-names.js) and give its users the name through Ref and outputs',
    );
  }
}

/**
 * An Auto Scaling group's launch template version `$Latest` or `$Default`: CloudFormation's
 * reference says neither is supported in LaunchTemplateSpecification.Version (a number, or
 * Fn::GetAtt of the template's LatestVersionNumber / DefaultVersionNumber).
 */
function checkLaunchTemplateVersions(template: Template, report: Report): void {
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::AutoScaling::AutoScalingGroup') continue;
    walkJson(resource.Properties ?? {}, `Resources.${logicalId}.Properties`, (value, path) => {
      if (!isObject(value) || typeof value.Version !== 'string' || !/^\$(Latest|Default)$/.test(value.Version)) return;
      report(
        `${path}.Version`,
        `CloudFormation does not support ${value.Version} as an Auto Scaling group's launch template version: ` +
          'give a number or Fn::GetAtt <LaunchTemplate>.DefaultVersionNumber (and let the group follow later ' +
          'defaults through the Auto Scaling API, as onImageBuilt does)',
      );
    });
  }
}

/**
 * A role without a permissions boundary: the CloudFormation execution role Runway's pipeline
 * deploys with may create or change a role only with the stage's boundary
 * (services/deploy-access), so such a role fails that deploy, and would escape the boundary.
 */
function checkPermissionsBoundaries(template: Template, report: Report): void {
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role' || resource.Properties?.PermissionsBoundary !== undefined) continue;
    report(
      `Resources.${logicalId}.Properties.PermissionsBoundary`,
      "a role without the stage's permissions boundary: give it PermissionsBoundary: " +
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the osls variable to write in serverless.yml.
        '${self:custom.deployAccess.permissionsBoundary} (the pipeline can create or change a role only with it)',
    );
  }
}

function checkNoConditions(template: Template, report: Report): void {
  for (const name of Object.keys(template.Conditions ?? {})) {
    report(
      `Conditions.${name}`,
      'a condition on a stage param: choose it when packaging (a param, a file the param picks, a JS include)',
    );
  }
}

export function checkDeploy(template: Template): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (where, message) => findings.push({ check: 'deploy', where, message });
  checkOutputs(template, report);
  checkServiceLinkedPrincipals(template, report);
  checkNameLengths(template, report);
  checkGlobalNames(template, report);
  checkRetainedNames(template, report);
  checkSsmImageParameters(template, report);
  checkLaunchTemplateVersions(template, report);
  checkPermissionsBoundaries(template, report);
  checkNoConditions(template, report);
  return findings;
}
