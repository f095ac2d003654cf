/**
 * Checks that every `Ref`, `Fn::GetAtt`, `Fn::Sub` reference, `DependsOn`, `Condition` and
 * `Fn::FindInMap` names something that exists: a resource, a parameter, a pseudo parameter,
 * a condition, a mapping, or an attribute the resource type has in the spec. A reference to a
 * resource that has a `Condition` must sit where that condition is known to hold (the
 * referring resource's own condition, or the true branch of an `Fn::If` on it), or
 * CloudFormation refuses the template whenever the condition is false.
 */

import {
  type Finding,
  isObject,
  type Json,
  PSEUDO_PARAMETERS,
  subReferences,
  type Template,
} from '../../test-support/template';
import type { CfnSpec } from './cfn-spec';

class ReferenceChecker {
  readonly findings: Finding[] = [];
  private readonly parameters: Set<string>;
  private readonly conditions: Record<string, Json>;
  private readonly mappings: Set<string>;

  constructor(
    private readonly spec: CfnSpec,
    private readonly template: Template,
  ) {
    this.parameters = new Set(Object.keys(template.Parameters ?? {}));
    this.conditions = template.Conditions ?? {};
    this.mappings = new Set(Object.keys(template.Mappings ?? {}));
  }

  hasMapping(name: string): boolean {
    return this.mappings.has(name);
  }

  report(where: string, message: string): void {
    this.findings.push({ check: 'references', where, message });
  }

  /** True when `guard` holding means `condition` holds: the same, or `guard` is an Fn::And containing it. */
  implies(guard: string, condition: string, depth = 0): boolean {
    if (guard === condition) return true;
    const definition = this.conditions[guard];
    const members = isObject(definition) && Array.isArray(definition['Fn::And']) ? definition['Fn::And'] : [];
    return (
      depth < 10 &&
      members.some(
        (member) =>
          isObject(member) &&
          typeof member.Condition === 'string' &&
          this.implies(member.Condition, condition, depth + 1),
      )
    );
  }

  /** A reference to `logicalId` from a place where `guards` hold. */
  checkResourceReference(logicalId: string, guards: string[], where: string): void {
    const condition = this.template.Resources[logicalId]?.Condition;
    if (condition && !guards.some((guard) => this.implies(guard, condition))) {
      this.report(
        where,
        `"${logicalId}" exists only if ${condition}, but is referenced where ${condition} may be false`,
      );
    }
  }

  checkRef(name: Json | undefined, guards: string[], where: string): void {
    if (typeof name !== 'string') {
      this.report(where, `Ref must name something, got ${JSON.stringify(name)}`);
    } else if (name in this.template.Resources) {
      this.checkResourceReference(name, guards, where);
    } else if (!this.parameters.has(name) && !PSEUDO_PARAMETERS.has(name)) {
      this.report(where, `Ref to "${name}", which is no resource, parameter or pseudo parameter`);
    }
  }

  checkGetAtt(logicalId: string, attribute: Json | undefined, guards: string[], where: string): void {
    const resource = this.template.Resources[logicalId];
    if (!resource) {
      this.report(where, `Fn::GetAtt on "${logicalId}", which is no resource`);
      return;
    }
    this.checkResourceReference(logicalId, guards, where);
    const type = this.spec.resource(resource.Type);
    // A computed attribute name, or a custom resource, cannot be checked offline.
    if (typeof attribute !== 'string' || !type || resource.Type === 'AWS::CloudFormation::CustomResource') return;
    if (!(attribute in type.attributes)) {
      const known = Object.keys(type.attributes).join(', ') || 'none';
      this.report(where, `${resource.Type} has no attribute "${attribute}" (has: ${known})`);
    }
  }

  checkSub(args: Json | undefined, guards: string[], where: string): void {
    const [text, variables] = Array.isArray(args) ? args : [args, {}];
    if (typeof text !== 'string') {
      this.report(where, 'Fn::Sub needs a string');
      return;
    }
    const local = new Set(isObject(variables) ? Object.keys(variables) : []);
    for (const name of subReferences(text)) {
      const dot = name.indexOf('.');
      if (local.has(name)) continue;
      if (dot > 0 && !PSEUDO_PARAMETERS.has(name))
        this.checkGetAtt(name.slice(0, dot), name.slice(dot + 1), guards, where);
      else this.checkRef(name, guards, where);
    }
  }

  checkCondition(name: Json | undefined, where: string): void {
    if (typeof name !== 'string' || !(name in this.conditions)) {
      this.report(where, `condition ${JSON.stringify(name)} is not declared in Conditions`);
    }
  }
}

/** Walks a value, tracking the conditions known to hold (the true branches of Fn::If). */
function walk(checker: ReferenceChecker, value: Json, guards: string[], where: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(checker, item, guards, `${where}[${index}]`);
    });
    return;
  }
  if (!isObject(value)) return;
  const keys = Object.keys(value);
  const key = keys.length === 1 ? (keys[0] ?? '') : '';
  const args = value[key];
  if (key === 'Fn::If' && Array.isArray(args)) {
    walkIf(checker, args, guards, where);
    return;
  }
  checkFunction(checker, key, args, guards, where);
  for (const [name, item] of Object.entries(value)) walk(checker, item, guards, `${where}.${name}`);
}

function walkIf(
  checker: ReferenceChecker,
  [condition, whenTrue, whenFalse]: Json[],
  guards: string[],
  where: string,
): void {
  checker.checkCondition(condition, where);
  const holding = typeof condition === 'string' ? [...guards, condition] : guards;
  if (whenTrue !== undefined) walk(checker, whenTrue, holding, `${where}.Fn::If[1]`);
  if (whenFalse !== undefined) walk(checker, whenFalse, guards, `${where}.Fn::If[2]`);
}

function checkFunction(
  checker: ReferenceChecker,
  key: string,
  args: Json | undefined,
  guards: string[],
  where: string,
): void {
  if (key === 'Ref') checker.checkRef(args, guards, where);
  else if (key === 'Fn::Sub') checker.checkSub(args, guards, where);
  else if (key === 'Condition') checker.checkCondition(args, where);
  else if (key === 'Fn::GetAtt') checkGetAttArgs(checker, args, guards, where);
  else if (key === 'Fn::FindInMap') checkFindInMap(checker, args, where);
}

function checkGetAttArgs(checker: ReferenceChecker, args: Json | undefined, guards: string[], where: string): void {
  if (typeof args === 'string' && args.includes('.')) {
    const dot = args.indexOf('.');
    checker.checkGetAtt(args.slice(0, dot), args.slice(dot + 1), guards, where);
  } else if (Array.isArray(args) && typeof args[0] === 'string') {
    checker.checkGetAtt(args[0], args[1], guards, where);
  } else {
    checker.report(where, `malformed Fn::GetAtt ${JSON.stringify(args)}`);
  }
}

function checkFindInMap(checker: ReferenceChecker, args: Json | undefined, where: string): void {
  const mapping = Array.isArray(args) ? args[0] : undefined;
  if (typeof mapping === 'string' && !checker.hasMapping(mapping)) {
    checker.report(where, `Fn::FindInMap on "${mapping}", which is no mapping`);
  }
}

function checkResources(checker: ReferenceChecker, template: Template): void {
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const where = `Resources.${logicalId}`;
    const guards = resource.Condition ? [resource.Condition] : [];
    if (resource.Condition !== undefined) checker.checkCondition(resource.Condition, `${where}.Condition`);
    for (const dependency of resource.DependsOn === undefined ? [] : [resource.DependsOn].flat()) {
      if (dependency in template.Resources) checker.checkResourceReference(dependency, guards, `${where}.DependsOn`);
      else checker.report(where, `DependsOn "${dependency}", which is no resource`);
    }
    walk(checker, resource.Properties ?? {}, guards, `${where}.Properties`);
  }
}

export function checkReferences(spec: CfnSpec, template: Template): Finding[] {
  const checker = new ReferenceChecker(spec, template);
  checkResources(checker, template);
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const { Condition: condition, ...rest } = output;
    if (condition !== undefined) checker.checkCondition(condition, `Outputs.${name}.Condition`);
    walk(checker, rest, typeof condition === 'string' ? [condition] : [], `Outputs.${name}`);
  }
  for (const [name, condition] of Object.entries(template.Conditions ?? {})) {
    walk(checker, condition, [], `Conditions.${name}`);
  }
  return checker.findings;
}
