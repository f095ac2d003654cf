import { isDeepStrictEqual } from 'node:util';
import type { AccountState } from '../account-state';
import { type EvaluationContext, evaluate, TemplateEvaluationError } from './intrinsics';
import { nameTaken, resourceCreated, resourceRetained, resourceUpdated } from './resource-effects';
import { fallbackAttribute, identify } from './resource-types';
import type { Stack, StackOutput, StackParameter, StackResource, Template, TemplateResource } from './stack';
import { deleteResources } from './stack-deletion';
import { addEvent, setStackStatus } from './stack-events';
import { parameterValues } from './stack-parameters';
import { creationOrder } from './template';

/**
 * Applies a template to a stack at once, as CloudFormation would end up: every resource created or
 * updated with a synthetic identity, outputs evaluated, resources no longer declared deleted. A resource
 * AWS would refuse (a name already taken, an unresolvable value) fails the operation and rolls it back.
 */

export interface Deployment {
  kind: 'CREATE' | 'UPDATE';
  template: Template;
  templateBody: string;
  parameters: StackParameter[];
}

class ResourceFailure extends Error {
  constructor(
    readonly resource: { logicalId: string; type: string; physicalId: string },
    readonly status: string,
    reason: string,
  ) {
    super(reason);
  }
}

function evaluationContext(
  state: AccountState,
  stack: Stack,
  deployment: Deployment,
  resources: Map<string, StackResource>,
): EvaluationContext {
  const resource = (logicalId: string) => {
    const found = resources.get(logicalId);
    if (!found)
      throw new TemplateEvaluationError(
        `Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`,
      );
    return found;
  };
  return {
    region: stack.region,
    accountId: state.accountId,
    stackName: stack.stackName,
    stackId: stack.stackId,
    parameters: parameterValues(deployment.template, deployment.parameters),
    conditions: deployment.template.Conditions ?? {},
    mappings: deployment.template.Mappings,
    resourceRef: (logicalId) => resource(logicalId).physicalId,
    resourceAttribute: (logicalId, attribute) => {
      const target = resource(logicalId);
      return target.attributes[attribute] ?? fallbackAttribute(target.physicalId, target.properties, attribute);
    },
    importValue: (name) => {
      const exported = state.exports.get(name);
      if (!exported) throw new TemplateEvaluationError(`No export named ${name} found. Rollback requested by user.`);
      return exported.value;
    },
  };
}

function isEnabled(context: EvaluationContext, condition: string | undefined): boolean {
  return condition === undefined || Boolean(evaluate({ Condition: condition }, context));
}

function evaluateProperties(
  context: EvaluationContext,
  logicalId: string,
  type: string,
  properties: unknown,
  status: string,
) {
  try {
    return evaluate(properties ?? {}, context) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TemplateEvaluationError)
      throw new ResourceFailure({ logicalId, type, physicalId: '' }, status, error.message);
    throw error;
  }
}

interface Planned {
  next: Map<string, StackResource>;
  created: StackResource[];
  updated: StackResource[];
  /** Resources of the stack that the new template no longer holds (or replaced). */
  replaced: StackResource[];
}

interface Planning {
  state: AccountState;
  stack: Stack;
  context: EvaluationContext;
  plan: Planned;
  /** Names chosen by resources planned so far: two resources of one template may not share one. */
  claimed: Set<string>;
}

function claimName(planning: Planning, logicalId: string, type: string, name: string | undefined): void {
  if (!name) return;
  const key = `${type}|${name}`;
  if (planning.claimed.has(key) || nameTaken(planning.state, type, name)) {
    throw new ResourceFailure(
      { logicalId, type, physicalId: '' },
      'CREATE_FAILED',
      `Resource of type '${type}' with identifier '${name}' already exists.`,
    );
  }
  planning.claimed.add(key);
}

function planResource(planning: Planning, logicalId: string, definition: TemplateResource): void {
  const { state, stack, context, plan } = planning;
  const existing = stack.resources.get(logicalId);
  const status = existing ? 'UPDATE_FAILED' : 'CREATE_FAILED';
  const properties = evaluateProperties(context, logicalId, definition.Type, definition.Properties, status);
  if (existing && existing.type !== definition.Type) {
    throw new ResourceFailure(
      existing,
      'UPDATE_FAILED',
      `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${logicalId}]`,
    );
  }
  const identity = identify({
    type: definition.Type,
    logicalId,
    properties,
    stackName: stack.stackName,
    region: stack.region,
    accountId: state.accountId,
  });
  if (existing && existing.explicitName === identity.explicitName) {
    const resource = { ...existing, properties, deletionPolicy: definition.DeletionPolicy, lastUpdated: new Date() };
    if (!isDeepStrictEqual(existing.properties, properties)) plan.updated.push(resource);
    plan.next.set(logicalId, resource);
    return;
  }
  claimName(planning, logicalId, definition.Type, identity.explicitName);
  // The resource it replaces goes at cleanup, unless the template's UpdateReplacePolicy keeps it.
  if (existing) plan.replaced.push({ ...existing, deletionPolicy: definition.UpdateReplacePolicy });
  const resource: StackResource = {
    logicalId,
    type: definition.Type,
    physicalId: identity.physicalId,
    attributes: identity.attributes,
    explicitName: identity.explicitName,
    properties,
    deletionPolicy: definition.DeletionPolicy,
    status: 'CREATE_COMPLETE',
    lastUpdated: new Date(),
  };
  plan.created.push(resource);
  plan.next.set(logicalId, resource);
}

function planResources(state: AccountState, stack: Stack, deployment: Deployment): Planned {
  const plan: Planned = { next: new Map(), created: [], updated: [], replaced: [] };
  const context = evaluationContext(state, stack, deployment, plan.next);
  const planning: Planning = { state, stack, context, plan, claimed: new Set() };
  for (const logicalId of creationOrder(deployment.template)) {
    const definition = deployment.template.Resources?.[logicalId];
    if (definition && isEnabled(context, definition.Condition)) planResource(planning, logicalId, definition);
  }
  plan.replaced.push(...[...stack.resources.values()].filter((resource) => !plan.next.has(resource.logicalId)));
  return plan;
}

function evaluateOutputs(
  state: AccountState,
  stack: Stack,
  deployment: Deployment,
  resources: Map<string, StackResource>,
): StackOutput[] {
  const context = evaluationContext(state, stack, deployment, resources);
  const outputs: StackOutput[] = [];
  for (const [key, output] of Object.entries(deployment.template.Outputs ?? {})) {
    if (!isEnabled(context, output.Condition)) continue;
    const value = evaluate(output.Value, context);
    const exportName = output.Export?.Name === undefined ? undefined : String(evaluate(output.Export.Name, context));
    const owner = exportName ? state.exports.get(exportName) : undefined;
    if (exportName && owner && owner.stackId !== stack.stackId) {
      const ownerName = state.stacksById.get(owner.stackId)?.stackName ?? owner.stackId;
      throw new TemplateEvaluationError(`Export with name ${exportName} is already exported by stack ${ownerName}`);
    }
    outputs.push({
      OutputKey: key,
      OutputValue: Array.isArray(value) ? value.join(',') : String(value),
      Description: output.Description,
      ExportName: exportName,
    });
  }
  return outputs;
}

function publishExports(state: AccountState, stack: Stack, outputs: StackOutput[]): void {
  for (const [name, entry] of state.exports) if (entry.stackId === stack.stackId) state.exports.delete(name);
  for (const { ExportName, OutputValue } of outputs) {
    if (ExportName) state.exports.set(ExportName, { name: ExportName, value: OutputValue, stackId: stack.stackId });
  }
}

function commit(
  state: AccountState,
  stack: Stack,
  deployment: Deployment,
  plan: Planned,
  outputs: StackOutput[],
): void {
  const verb = deployment.kind === 'CREATE' ? 'CREATE' : 'UPDATE';
  for (const resource of plan.created) {
    addEvent(stack, { ...resource, physicalId: '' }, 'CREATE_IN_PROGRESS');
    addEvent(stack, resource, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
    addEvent(stack, resource, 'CREATE_COMPLETE');
    resourceCreated(state, stack, resource);
  }
  for (const resource of plan.updated) {
    resource.status = 'UPDATE_COMPLETE';
    addEvent(stack, resource, 'UPDATE_IN_PROGRESS');
    addEvent(stack, resource, 'UPDATE_COMPLETE');
    resourceUpdated(state, resource);
  }
  if (plan.replaced.length) {
    setStackStatus(stack, `${verb}_COMPLETE_CLEANUP_IN_PROGRESS`);
    // Cleanup failures leave the resource in the account, outside the stack; the update still completes.
    const failed = deleteResources(state, stack, plan.replaced);
    for (const resource of plan.replaced) if (failed.includes(resource.logicalId)) resourceRetained(state, resource);
  }
  stack.template = deployment.template;
  stack.templateBody = deployment.templateBody;
  stack.parameters = deployment.parameters;
  stack.outputs = outputs;
  stack.resources = plan.next;
  publishExports(state, stack, outputs);
  if (deployment.kind === 'UPDATE') stack.lastUpdated = new Date();
  setStackStatus(stack, `${verb}_COMPLETE`);
}

function rollBack(stack: Stack, deployment: Deployment, failure: ResourceFailure): void {
  addEvent(stack, failure.resource, failure.status, failure.message);
  const failedList = `The following resource(s) failed to ${failure.status.startsWith('UPDATE') ? 'update' : 'create'}: [${failure.resource.logicalId}].`;
  if (deployment.kind === 'CREATE') {
    setStackStatus(stack, 'ROLLBACK_IN_PROGRESS', `${failedList} Rollback requested by user.`);
    setStackStatus(stack, 'ROLLBACK_COMPLETE');
    return;
  }
  setStackStatus(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', failedList);
  setStackStatus(stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  setStackStatus(stack, 'UPDATE_ROLLBACK_COMPLETE');
}

/** A failure of the template as a whole (an output, a condition): the stack's own event carries it. */
function stackFailure(stack: Stack, verb: string, error: TemplateEvaluationError): ResourceFailure {
  const self = { logicalId: stack.stackName, type: 'AWS::CloudFormation::Stack', physicalId: stack.stackId };
  return new ResourceFailure(self, `${verb}_FAILED`, error.message);
}

export function deploy(state: AccountState, stack: Stack, deployment: Deployment): void {
  const verb = deployment.kind === 'CREATE' ? 'CREATE' : 'UPDATE';
  setStackStatus(stack, `${verb}_IN_PROGRESS`, 'User Initiated');
  try {
    const plan = planResources(state, stack, deployment);
    commit(state, stack, deployment, plan, evaluateOutputs(state, stack, deployment, plan.next));
  } catch (error) {
    if (error instanceof ResourceFailure) rollBack(stack, deployment, error);
    else if (error instanceof TemplateEvaluationError) rollBack(stack, deployment, stackFailure(stack, verb, error));
    else throw error;
  }
}

interface PlannedChange {
  action: 'Add' | 'Modify' | 'Remove';
  logicalId: string;
  type: string;
  physicalId?: string;
}

/** What a change set would do, as DescribeChangeSet lists it (without touching the stack). */
export function resourceChanges(stack: Stack, template: Template): PlannedChange[] {
  const declared = template.Resources ?? {};
  const changes = Object.entries(declared).flatMap(([logicalId, definition]): PlannedChange[] => {
    const existing = stack.resources.get(logicalId);
    if (!existing) return [{ action: 'Add', logicalId, type: definition.Type }];
    const unchanged = isDeepStrictEqual(stack.template.Resources?.[logicalId], definition);
    return unchanged ? [] : [{ action: 'Modify', logicalId, type: definition.Type, physicalId: existing.physicalId }];
  });
  const removed = [...stack.resources.values()].filter((resource) => !(resource.logicalId in declared));
  return [
    ...changes,
    ...removed.map(
      (resource): PlannedChange => ({
        action: 'Remove',
        logicalId: resource.logicalId,
        type: resource.type,
        physicalId: resource.physicalId,
      }),
    ),
  ];
}
