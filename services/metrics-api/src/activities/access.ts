import type { ActivityFilter, Person } from '@shared/activities/activity.schema';
import { type Caller, hasRole } from '@shared/auth/caller';
import type { Activity } from './activity';
import { NotPermittedError } from './errors';

/**
 * Who may do what with activity records. An engineer works on their own records only; a
 * manager sees, corrects, deletes and exports everyone's, reads the team summary and may
 * record on someone's behalf. A caller in neither group may do nothing.
 */
export const isManager = (caller: Caller): boolean => hasRole(caller, 'manager');

export function assertSignedInRole(caller: Caller): void {
  if (!hasRole(caller, 'engineer') && !isManager(caller)) {
    throw new NotPermittedError(
      'Your account is in neither the engineers nor the managers group',
      'role',
      'must be engineer or manager',
    );
  }
}

export function asPerson(caller: Caller): Person {
  return { id: caller.id, name: caller.name };
}

/** The owner of a new record: the caller, or (managers only) the person named in `onBehalfOf`. */
export function ownerFor(caller: Caller, onBehalfOf: Person | undefined): Person {
  assertSignedInRole(caller);
  if (onBehalfOf === undefined || onBehalfOf.id === caller.id) return asPerson(caller);
  if (!isManager(caller)) {
    throw new NotPermittedError(
      'Only managers record activities on behalf of someone else',
      'onBehalfOf',
      'is only allowed for managers',
    );
  }
  return onBehalfOf;
}

/** Throws unless the caller may read, change or delete this record. */
export function assertMayUse(caller: Caller, activity: Activity, action: 'read' | 'change' | 'delete'): void {
  assertSignedInRole(caller);
  if (isManager(caller) || (activity.engineerId !== undefined && activity.engineerId === caller.id)) return;
  throw new NotPermittedError(`Engineers may only ${action} their own activities`, 'id', 'belongs to someone else');
}

/** The filter a list or export really runs: an engineer's is pinned to their own records. */
export function scopedFilter(caller: Caller, filter: ActivityFilter): ActivityFilter {
  assertSignedInRole(caller);
  if (isManager(caller)) return filter;
  if (filter.engineerId !== undefined && filter.engineerId !== caller.id) {
    throw new NotPermittedError(
      "Only managers see other engineers' activities",
      'engineerId',
      'must be your own id unless you are a manager',
    );
  }
  return { ...filter, engineerId: caller.id };
}
