/**
 * Checks every resource of a template against the CloudFormation spec: the type exists,
 * every property is one the type has, required properties are present, and values have the
 * spec's shape, recursively through nested property types. Values computed by intrinsic
 * functions are accepted where they stand (an `Fn::If` has both branches checked).
 */

import {
  type Finding,
  intrinsicName,
  isObject,
  type Json,
  type JsonObject,
  type Template,
  type TemplateResource,
} from '../../test-support/template';
import { type CfnSpec, describeSpecType, type SpecPropertyBag, type SpecType } from './cfn-spec';

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);

type Report = (where: string, message: string) => void;

class ValueChecker {
  constructor(
    private readonly spec: CfnSpec,
    private readonly report: Report,
  ) {}

  /** Checks a property bag (resource Properties or a nested property type). */
  checkBag(bag: SpecPropertyBag, value: Json, where: string): void {
    if (intrinsicName(value)) {
      this.checkIfBranches(value, where, (branch, path) => {
        this.checkBag(bag, branch, path);
      });
    } else if (!isObject(value)) {
      this.report(where, `expected an object (${bag.name}), got ${show(value)}`);
    } else {
      this.checkProperties(bag, value, where);
    }
  }

  private checkProperties(bag: SpecPropertyBag, value: JsonObject, where: string): void {
    for (const [name, item] of Object.entries(value)) {
      const property = bag.properties[name];
      if (property) this.checkValue(property.type, item, `${where}.${name}`);
      else this.report(`${where}.${name}`, `${bag.name} has no property "${name}"`);
    }
    for (const [name, property] of Object.entries(bag.properties)) {
      if (property.required && !(name in value)) this.report(where, `${bag.name} requires "${name}"`);
    }
  }

  /** Other intrinsics compute their value; only both branches of an Fn::If can be checked. */
  private checkIfBranches(value: Json, where: string, checkBranch: (branch: Json, path: string) => void): void {
    const args = isObject(value) ? value['Fn::If'] : undefined;
    if (!Array.isArray(args)) return;
    args.slice(1).forEach((branch, index) => {
      if (!(isObject(branch) && branch.Ref === 'AWS::NoValue')) checkBranch(branch, `${where}.Fn::If[${index + 1}]`);
    });
  }

  checkValue(type: SpecType, value: Json, where: string): void {
    if (intrinsicName(value)) {
      this.checkIfBranches(value, where, (branch, path) => {
        this.checkValue(type, branch, path);
      });
    } else if (type.type === 'ref') {
      const bag = this.spec.typeDefinition(type.reference.$ref);
      if (bag) this.checkBag(bag, value, where);
    } else if (type.type === 'array') {
      this.checkItems(Array.isArray(value) ? value : undefined, type, value, where);
    } else if (type.type === 'map') {
      this.checkItems(isObject(value) ? Object.values(value) : undefined, type, value, where);
    } else if (type.type === 'union') {
      this.checkUnion(type.types, value, where);
    } else {
      const problem = primitiveProblem(type, value);
      if (problem) this.report(where, problem);
    }
  }

  private checkItems(
    items: Json[] | undefined,
    type: SpecType & { element: SpecType },
    value: Json,
    where: string,
  ): void {
    if (!items) {
      this.report(where, `expected ${describeSpecType(this.spec, type)}, got ${show(value)}`);
      return;
    }
    items.forEach((item, index) => {
      this.checkValue(type.element, item, `${where}[${index}]`);
    });
  }

  /** Accepted when any member type accepts it; otherwise the first member's problems are reported. */
  private checkUnion(types: SpecType[], value: Json, where: string): void {
    const attempts = types.map((member) => {
      const problems: string[] = [];
      new ValueChecker(this.spec, (path, message) => problems.push(`${path}: ${message}`)).checkValue(
        member,
        value,
        where,
      );
      return problems;
    });
    if (attempts.some((problems) => problems.length === 0)) return;
    for (const problem of attempts[0] ?? []) this.report(where, problem);
  }
}

/** Numbers and booleans may be written as strings (CloudFormation converts those), never the reverse. */
function primitiveProblem(type: SpecType, value: Json): string | undefined {
  switch (type.type) {
    // A boolean or number where the spec says string: CloudFormation's resource handlers
    // compare and pass such values as strings, and some (load balancer attributes) reject them,
    // so a template writes the string (`"true"`, `"3"`).
    case 'string':
    case 'date-time':
      return typeof value === 'string' ? undefined : `expected a string, got the ${typeof value} ${show(value)}`;
    case 'integer':
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(+value))
        ? undefined
        : `expected a number, got ${show(value)}`;
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false'
        ? undefined
        : `expected a boolean, got ${show(value)}`;
    case 'tag':
      return isObject(value) && 'Key' in value && 'Value' in value ? undefined : `expected a tag {Key, Value}`;
    default:
      return undefined;
  }
}

function show(value: Json): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}

/** Values outside a string property's documented `allowedValues`: reported as notes, as the list can lag. */
export function allowedValueNotes(spec: CfnSpec, template: Template): string[] {
  const notes: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const type = spec.resource(resource.Type);
    for (const [name, value] of Object.entries(resource.Properties ?? {})) {
      const property = type?.properties[name];
      if (property?.type.type === 'string' && property.type.allowedValues && typeof value === 'string') {
        if (!property.type.allowedValues.includes(value)) {
          notes.push(
            `${logicalId}.${name}: "${value}" is not in the spec's list (${property.type.allowedValues.join('|')})`,
          );
        }
      }
    }
  }
  return notes;
}

/** The keys around Properties: only CloudFormation's resource attributes, with valid deletion policies. */
function checkResourceAttributes(resource: TemplateResource, where: string, report: Report): void {
  for (const key of Object.keys(resource)) {
    if (!RESOURCE_KEYS.has(key)) report(where, `unknown resource attribute "${key}"`);
  }
  for (const policy of [resource.DeletionPolicy, resource.UpdateReplacePolicy]) {
    if (policy !== undefined && !DELETION_POLICIES.has(policy)) report(where, `invalid deletion policy "${policy}"`);
  }
}

export function checkSpec(spec: CfnSpec, template: Template): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (where, message) => findings.push({ check: 'spec', where, message });
  const values = new ValueChecker(spec, report);
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const where = `Resources.${logicalId}`;
    checkResourceAttributes(resource, where, report);
    const type = spec.resource(resource.Type);
    if (type) {
      const bag = { name: resource.Type, properties: type.properties };
      values.checkBag(bag, resource.Properties ?? {}, `${where}.Properties`);
    } else if (!resource.Type.startsWith('Custom::')) {
      report(where, `unknown resource type ${resource.Type}`);
    }
  }
  return findings;
}
