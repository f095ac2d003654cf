import type { AccountState } from '../account-state';
import { deletionRefusal } from './deletion-refusals';
import { resourceDeleted, resourceRetained } from './resource-effects';
import type { Stack, StackResource } from './stack';
import { addEvent, setStackStatus } from './stack-events';
import { dependenciesOf } from './template';

const RETAINED = new Set(['Retain', 'RetainExceptOnCreate']);

/**
 * Deletes resources dependents first. A resource AWS refuses to delete fails (DELETE_FAILED, the
 * reason naming why) and keeps what it depends on; a retained one is skipped and left in the account.
 * Returns the logical ids that failed.
 */
export function deleteResources(state: AccountState, stack: Stack, resources: StackResource[]): string[] {
  const ids = new Set(resources.map((resource) => resource.logicalId));
  const blocked = new Set<string>();
  const failed: string[] = [];
  const pending = [...resources];
  while (pending.length) {
    const index = pending.findIndex((resource) =>
      pending.every(
        (other) => other === resource || !dependenciesOf(stack.template, other.logicalId).includes(resource.logicalId),
      ),
    );
    const [resource] = pending.splice(Math.max(index, 0), 1);
    if (!resource) break;
    const dependents = resources.filter(
      (other) =>
        ids.has(other.logicalId) && dependenciesOf(stack.template, other.logicalId).includes(resource.logicalId),
    );
    if (dependents.some((other) => blocked.has(other.logicalId))) {
      blocked.add(resource.logicalId);
      continue;
    }
    if (!deleteOne(state, stack, resource)) {
      blocked.add(resource.logicalId);
      failed.push(resource.logicalId);
    }
  }
  return failed;
}

function deleteOne(state: AccountState, stack: Stack, resource: StackResource): boolean {
  if (RETAINED.has(resource.deletionPolicy ?? '')) {
    addEvent(stack, resource, 'DELETE_SKIPPED');
    resourceRetained(state, resource);
    stack.resources.delete(resource.logicalId);
    return true;
  }
  addEvent(stack, resource, 'DELETE_IN_PROGRESS');
  const refusal = deletionRefusal(resource, state);
  if (refusal) {
    resource.status = 'DELETE_FAILED';
    addEvent(stack, resource, 'DELETE_FAILED', refusal);
    return false;
  }
  addEvent(stack, resource, 'DELETE_COMPLETE');
  resourceDeleted(state, resource);
  stack.resources.delete(resource.logicalId);
  return true;
}

/** DeleteStack: completes at once, or stops at DELETE_FAILED with the resources AWS would not delete. */
export function deleteStack(state: AccountState, stack: Stack): void {
  setStackStatus(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
  const failed = deleteResources(state, stack, [...stack.resources.values()]);
  if (failed.length) {
    setStackStatus(stack, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
    return;
  }
  for (const [name, entry] of state.exports) if (entry.stackId === stack.stackId) state.exports.delete(name);
  setStackStatus(stack, 'DELETE_COMPLETE');
  stack.deleted = new Date();
  state.stacks.delete(stack.stackName);
}
