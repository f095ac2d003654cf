/**
 * What a packaged template creates in its stage: the stage params are literal in a packaged
 * template, so its conditions can be evaluated offline. `stageView` evaluates them (some may be
 * forced, e.g. "as if compose passed the launch templates"), drops the resources whose
 * condition is false, and resolves every `Fn::If` to its branch.
 */
import { isObject, type Json, type JsonObject, type Template, type TemplateResource } from './template';

export type ConditionValues = Record<string, boolean>;

function comparable(value: boolean | Json): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function evaluate(template: Template, expression: Json | undefined, known: ConditionValues): boolean | Json {
  if (!isObject(expression)) return expression ?? null;
  const [key] = Object.keys(expression);
  const args = expression[key ?? ''];
  const list = Array.isArray(args) ? args : [];
  switch (key) {
    case 'Condition':
      return conditionValue(template, String(args), known);
    case 'Fn::Equals':
      // CloudFormation compares the two values as strings: `true` equals "true".
      return comparable(evaluate(template, list[0], known)) === comparable(evaluate(template, list[1], known));
    case 'Fn::Not':
      return !evaluate(template, list[0], known);
    case 'Fn::And':
      return list.every((item) => evaluate(template, item, known) === true);
    case 'Fn::Or':
      return list.some((item) => evaluate(template, item, known) === true);
    default:
      // Another intrinsic (a parameter, a pseudo parameter) cannot be known offline.
      throw new Error(`cannot evaluate ${JSON.stringify(expression)} offline`);
  }
}

function conditionValue(template: Template, name: string, known: ConditionValues): boolean {
  if (!(name in known)) known[name] = evaluate(template, template.Conditions?.[name], known) === true;
  return known[name] ?? false;
}

/** Every condition of the template, with `forced` ones taken as given. */
export function evaluateConditions(template: Template, forced: ConditionValues = {}): ConditionValues {
  const known: ConditionValues = { ...forced };
  for (const name of Object.keys(template.Conditions ?? {})) conditionValue(template, name, known);
  return known;
}

const NO_VALUE = Symbol('AWS::NoValue');

function resolveIfs(value: Json, conditions: ConditionValues): Json | typeof NO_VALUE {
  if (Array.isArray(value)) {
    return value.map((item) => resolveIfs(item, conditions)).filter((item): item is Json => item !== NO_VALUE);
  }
  if (!isObject(value)) return value;
  if (value.Ref === 'AWS::NoValue') return NO_VALUE;
  const ifArgs = value['Fn::If'];
  if (Array.isArray(ifArgs) && Object.keys(value).length === 1) {
    const branch = conditions[String(ifArgs[0])] ? ifArgs[1] : ifArgs[2];
    return resolveIfs(branch ?? null, conditions);
  }
  const resolved: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const next = resolveIfs(item, conditions);
    if (next !== NO_VALUE) resolved[key] = next;
  }
  return resolved;
}

export interface StageView {
  conditions: ConditionValues;
  /** The resources the stage creates, with every Fn::If resolved. */
  resources: Record<string, TemplateResource>;
  /** One created resource; throws when the stage does not create it. */
  resource(logicalId: string): TemplateResource & { Properties: JsonObject };
  /** The logical IDs of the created resources of a type. */
  ofType(type: string): string[];
}

export function stageView(template: Template, forced: ConditionValues = {}): StageView {
  const conditions = evaluateConditions(template, forced);
  const resources: Record<string, TemplateResource> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Condition && !conditions[resource.Condition]) continue;
    resources[logicalId] = resolveIfs(resource as unknown as Json, conditions) as unknown as TemplateResource;
  }
  return {
    conditions,
    resources,
    resource(logicalId) {
      const resource = resources[logicalId];
      if (!resource) throw new Error(`${logicalId} is not created in this stage`);
      return { ...resource, Properties: resource.Properties ?? {} };
    },
    ofType: (type) => Object.keys(resources).filter((logicalId) => resources[logicalId]?.Type === type),
  };
}
