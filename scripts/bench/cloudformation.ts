/**
 * Turns a packaged function's CloudFormation `Environment.Variables` into the
 * plain strings a local process can be given: pseudo parameters and
 * references become fixed example values, as they would resolve in an
 * account (account 123456789012, us-east-1).
 */

export interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'us-east-1',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'runway-bench',
};

type Resources = Template['Resources'];

/** What `Ref` returns for a resource: an ARN for SNS topics, a plausible id otherwise. */
function refOf(logicalId: string, resources: Resources): string {
  const pseudo = PSEUDO_PARAMETERS[logicalId];
  if (pseudo !== undefined) return pseudo;
  const resource = resources[logicalId];
  if (resource === undefined) throw new Error(`Ref to unknown resource ${logicalId}`);
  const name = resource.Properties?.TopicName ?? resource.Properties?.TableName ?? resource.Properties?.Name;
  const { 'AWS::Region': region, 'AWS::AccountId': account } = PSEUDO_PARAMETERS;
  if (resource.Type === 'AWS::SNS::Topic') return `arn:aws:sns:${region}:${account}:${String(name ?? logicalId)}`;
  if (typeof name === 'string') return name;
  return logicalId.toLowerCase();
}

/** What `Fn::GetAtt` returns: an ARN for `.Arn`, a CloudFront-like domain for `.DomainName`. */
function getAttOf(logicalId: string, attribute: string, resources: Resources): string {
  if (attribute === 'DomainName') return `${logicalId.toLowerCase()}.cloudfront.net`;
  if (attribute === 'Arn') return `arn:aws:bench:us-east-1:123456789012:${refOf(logicalId, resources)}`;
  return `${refOf(logicalId, resources)}-${attribute.toLowerCase()}`;
}

function substitute(text: string, resources: Resources): string {
  return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
    const [logicalId = '', attribute] = name.split('.');
    return attribute === undefined ? refOf(logicalId, resources) : getAttOf(logicalId, attribute, resources);
  });
}

/** Resolves Ref, Fn::Sub (string form), Fn::GetAtt and Fn::Join to a plain string. */
export function resolveValue(value: unknown, resources: Resources): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object' || value === null) throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
  const [intrinsic, argument] = Object.entries(value)[0] ?? [];
  if (intrinsic === 'Ref') return refOf(String(argument), resources);
  if (intrinsic === 'Fn::Sub' && typeof argument === 'string') return substitute(argument, resources);
  if (intrinsic === 'Fn::GetAtt') {
    const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
    return getAttOf(String(logicalId), String(attribute), resources);
  }
  if (intrinsic === 'Fn::Join' && Array.isArray(argument)) {
    const [separator, parts] = argument as [string, unknown[]];
    return parts.map((part) => resolveValue(part, resources)).join(separator);
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
}

/** The environment of the Lambda function named `functionName` in a packaged template, as plain strings. */
export function functionEnvironment(template: Template, functionName: string): Record<string, string> {
  const resource = Object.values(template.Resources).find(
    (candidate) => candidate.Type === 'AWS::Lambda::Function' && candidate.Properties?.FunctionName === functionName,
  );
  if (resource === undefined) throw new Error(`No AWS::Lambda::Function named ${functionName} in the template`);
  const environment = resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined;
  return Object.fromEntries(
    Object.entries(environment?.Variables ?? {}).map(([name, value]) => [
      name,
      resolveValue(value, template.Resources),
    ]),
  );
}
