/** The parts of a CloudFormation template the checks read, and helpers to walk it. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface TemplateResource {
  Type: string;
  Properties?: JsonObject;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: JsonObject;
  CreationPolicy?: JsonObject;
  UpdatePolicy?: JsonObject;
}

export interface Template {
  Parameters?: Record<string, JsonObject>;
  Conditions?: Record<string, Json>;
  Mappings?: Record<string, JsonObject>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, JsonObject>;
}

/** One problem a check found; `where` is a path such as `Resources.Pipeline.Properties.Stages[2]`. */
export interface Finding {
  check: 'spec' | 'references' | 'iam' | 'deploy' | 'nag' | 'acknowledgements';
  where: string;
  message: string;
}

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ "Ref": ... }`, `{ "Fn::X": ... }` or `{ "Condition": ... }`: a value computed by CloudFormation. */
export function intrinsicName(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined) return undefined;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** Calls `visit` for every value under `value`, depth first, with its path. */
export function walkJson(value: Json, path: string, visit: (value: Json, path: string) => void): void {
  visit(value, path);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walkJson(item, `${path}[${index}]`, visit);
    });
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) walkJson(item, `${path}.${key}`, visit);
  }
}

/** The names `${Name}` and `${Resource.Attribute}` that a `Fn::Sub` string refers to (`${!Literal}` excluded). */
export function subReferences(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const name = (match[1] ?? '').trim();
    if (!name.startsWith('!')) names.push(name);
  }
  return names;
}

/** Read access to a packaged template's resources, for tests: each stage's template holds only what it creates. */
export interface TemplateView {
  template: Template;
  resources: Record<string, TemplateResource>;
  /** One resource; throws when the template does not create it. */
  resource(logicalId: string): TemplateResource & { Properties: JsonObject };
  /** The logical IDs of the resources of a type. */
  ofType(type: string): string[];
}

export function templateView(template: Template): TemplateView {
  const resources = template.Resources;
  return {
    template,
    resources,
    resource(logicalId) {
      const resource = resources[logicalId];
      if (!resource) throw new Error(`${logicalId} is not in this template`);
      return { ...resource, Properties: resource.Properties ?? {} };
    },
    ofType: (type) => Object.keys(resources).filter((logicalId) => resources[logicalId]?.Type === type),
  };
}
