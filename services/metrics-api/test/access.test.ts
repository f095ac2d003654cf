import type { Caller } from '@shared/auth/caller';
import { assertMayUse, ownerFor, scopedFilter } from '../src/activities/access';
import type { Activity } from '../src/activities/activity';
import { NotPermittedError } from '../src/activities/errors';

const engineer: Caller = { id: 'mary', email: 'mary@example.com', name: 'Mary', roles: ['engineer'] };
const otherEngineer: Caller = { id: 'diego', email: 'diego@example.com', name: 'Diego', roles: ['engineer'] };
const manager: Caller = { id: 'paulo', email: 'paulo@example.com', name: 'Paulo', roles: ['manager'] };
const nobody: Caller = { id: 'x', email: 'x@example.com', name: 'X', roles: [] };

const record = (engineerId: string | undefined): Activity => ({
  id: 'r1',
  ...(engineerId === undefined ? {} : { engineerId }),
  engineer: 'Mary',
  customer: 'C',
  project: 'P',
  activity: 'A',
  date: '2026-01-01',
  hours: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const refused = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return error instanceof NotPermittedError ? `${error.field}: ${error.problem}` : String(error);
  }
  return 'allowed';
};

describe('who may use a record', () => {
  it.each([
    ['its engineer', engineer, record('mary'), 'allowed'],
    ['another engineer', otherEngineer, record('mary'), 'id: belongs to someone else'],
    ['an engineer, for a record without owner', engineer, record(undefined), 'id: belongs to someone else'],
    ['a manager', manager, record('mary'), 'allowed'],
    ['a manager, for a record without owner', manager, record(undefined), 'allowed'],
    ['someone in no group', nobody, record('x'), 'role: must be engineer or manager'],
  ])('%s: %s', (_who, caller, activity, expected) => {
    for (const action of ['read', 'change', 'delete'] as const) {
      expect(refused(() => assertMayUse(caller, activity, action))).toBe(expected);
    }
  });
});

describe('whose records a list or export reads', () => {
  it("pins an engineer's filter to their own id", () => {
    expect(scopedFilter(engineer, { customer: 'C' })).toEqual({ customer: 'C', engineerId: 'mary' });
    expect(scopedFilter(engineer, { engineerId: 'mary' })).toEqual({ engineerId: 'mary' });
  });

  it("refuses an engineer another engineer's id, and leaves a manager's filter as asked", () => {
    expect(refused(() => scopedFilter(engineer, { engineerId: 'diego' }))).toBe(
      'engineerId: must be your own id unless you are a manager',
    );
    expect(scopedFilter(manager, { engineerId: 'diego' })).toEqual({ engineerId: 'diego' });
    expect(scopedFilter(manager, {})).toEqual({});
  });
});

describe('who owns a new record', () => {
  it.each([
    ['an engineer, for themselves', engineer, undefined, { id: 'mary', name: 'Mary' }],
    ['an engineer naming themselves', engineer, { id: 'mary', name: 'M' }, { id: 'mary', name: 'Mary' }],
    ['a manager, on behalf of an engineer', manager, { id: 'mary', name: 'Mary' }, { id: 'mary', name: 'Mary' }],
  ])('%s', (_case, caller, onBehalfOf, owner) => {
    expect(ownerFor(caller, onBehalfOf)).toEqual(owner);
  });

  it('refuses an engineer recording for someone else', () => {
    expect(refused(() => ownerFor(engineer, { id: 'diego', name: 'Diego' }))).toBe(
      'onBehalfOf: is only allowed for managers',
    );
  });
});
