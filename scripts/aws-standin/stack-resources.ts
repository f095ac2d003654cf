import type { AccountState } from './account-state';
import type { StackResource } from './cloudformation/stack';

/** Every live resource of a type across the account's stacks (what Lambda and ECR answer about). */
export function resourcesOfType(state: AccountState, type: string): StackResource[] {
  return [...state.stacks.values()].flatMap((stack) =>
    [...stack.resources.values()].filter((resource) => resource.type === type),
  );
}
