import { load } from 'js-yaml';
import { AwsError, validationError } from '../aws-error';
import { intrinsicOf, isPseudoParameter } from './intrinsics';
import type { Template } from './stack';

/** What CloudFormation checks of a template before it touches a resource. */

export const MAX_TEMPLATE_BODY_BYTES = 51_200;
export const MAX_TEMPLATE_URL_BYTES = 1_048_576;

export function checkTemplateBodySize(body: string): void {
  if (Buffer.byteLength(body) <= MAX_TEMPLATE_BODY_BYTES) return;
  const shown = body.length > 200 ? `${body.slice(0, 200)}...` : body;
  throw validationError(
    `1 validation error detected: Value '${shown}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY_BYTES}`,
  );
}

export function checkTemplateUrlSize(body: Buffer): void {
  if (body.length > MAX_TEMPLATE_URL_BYTES) {
    throw validationError(`Template may not exceed ${MAX_TEMPLATE_URL_BYTES} bytes in size.`);
  }
}

export function parseTemplate(body: string): Template {
  let parsed: unknown;
  try {
    parsed = body.trimStart().startsWith('{') ? JSON.parse(body) : load(body);
  } catch (error) {
    const kind = body.trimStart().startsWith('{') ? 'JSON' : 'YAML';
    throw validationError(`Template format error: ${kind} not well-formed. (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw validationError('Template format error: template must be an object');
  const template = parsed as Template;
  const resources = template.Resources;
  if (!resources || Object.keys(resources).length === 0) {
    throw validationError('Template format error: At least one Resources member must be defined.');
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (typeof resource?.Type !== 'string') {
      throw validationError(
        `Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`,
      );
    }
  }
  checkReferences(template);
  creationOrder(template);
  return template;
}

function intrinsicReferences(name: string, argument: unknown, names: Set<string>): void {
  if (name === 'Ref') {
    if (typeof argument === 'string') names.add(argument);
  } else if (name === 'Fn::GetAtt') {
    const target =
      typeof argument === 'string' ? argument.split('.')[0] : Array.isArray(argument) ? argument[0] : undefined;
    if (typeof target === 'string') names.add(target);
  } else if (name === 'Fn::Sub') subReferences(argument, names);
  else referencedNames(argument, names);
}

/** Every Ref, Fn::GetAtt and Fn::Sub variable a value names (Sub's own variables excluded). */
export function referencedNames(value: unknown, names = new Set<string>()): Set<string> {
  const intrinsic = intrinsicOf(value);
  if (intrinsic) intrinsicReferences(intrinsic[0], intrinsic[1], names);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) referencedNames(item, names);
  return names;
}

function subReferences(argument: unknown, names: Set<string>): void {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  const own = new Set(Object.keys(typeof variables === 'object' && variables ? variables : {}));
  referencedNames(variables, names);
  for (const [, variable = ''] of String(text).matchAll(/\$\{([^}!][^}]*)\}/g)) {
    const name = isPseudoParameter(variable) ? variable : (variable.split('.')[0] ?? '');
    if (!own.has(name)) names.add(name);
  }
}

function checkReferences(template: Template): void {
  const known = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Resources ?? {})]);
  const unresolved = (value: unknown) =>
    [...referencedNames(value)].filter((name) => !known.has(name) && !isPseudoParameter(name));
  const inResources = unresolved(template.Resources);
  if (inResources.length) {
    throw validationError(
      `Template format error: Unresolved resource dependencies [${inResources.join(', ')}] in the Resources block of the template`,
    );
  }
  const inOutputs = unresolved(template.Outputs);
  if (inOutputs.length) {
    throw validationError(
      `Template format error: Unresolved resource dependencies [${inOutputs.join(', ')}] in the Outputs block of the template`,
    );
  }
}

/** The resources a resource needs first: those it references, and its DependsOn. */
export function dependenciesOf(template: Template, logicalId: string): string[] {
  const resources = template.Resources ?? {};
  const resource = resources[logicalId];
  if (!resource) return [];
  const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
  const referenced = [...referencedNames(resource.Properties ?? {})].filter((name) => name in resources);
  return [...new Set([...dependsOn, ...referenced])].filter((name) => name !== logicalId);
}

/** Resources in an order where each comes after what it depends on; a cycle is refused as CloudFormation does. */
export function creationOrder(template: Template): string[] {
  const ids = Object.keys(template.Resources ?? {});
  const order: string[] = [];
  const placed = new Set<string>();
  let remaining = ids;
  while (remaining.length) {
    const ready = remaining.filter((id) => dependenciesOf(template, id).every((dependency) => placed.has(dependency)));
    if (!ready.length) throw validationError(`Circular dependency between resources: [${remaining.join(', ')}]`);
    for (const id of ready) {
      placed.add(id);
      order.push(id);
    }
    remaining = remaining.filter((id) => !placed.has(id));
  }
  return order;
}

const IAM_TYPES: Record<string, string | undefined> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::UserToGroupAddition': undefined,
};

/** The capability a template needs: IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM. */
export function requiredCapability(template: Template): { capability?: string; types: string[] } {
  const iam = Object.values(template.Resources ?? {}).filter((resource) => resource.Type in IAM_TYPES);
  if (!iam.length) return { types: [] };
  const types = [...new Set(iam.map((resource) => resource.Type))];
  const named = iam.some((resource) => {
    const nameProperty = IAM_TYPES[resource.Type];
    return nameProperty !== undefined && resource.Properties?.[nameProperty] !== undefined;
  });
  return { capability: named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM', types };
}

export function checkCapabilities(template: Template, granted: string[]): void {
  const { capability } = requiredCapability(template);
  if (!capability || granted.includes(capability)) return;
  throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${capability}]`);
}
