import type { Caller } from '@shared/auth/caller';
import { httpErrorFor } from '../src/handlers/api-handler';
import {
  parseWeekId,
  requireWeekId,
  shiftWeek,
  weekDates,
  weekOf,
  weeksInYear,
  workDates,
} from '../src/weeks/iso-week';
import { chooseReminders, missingWorkDays, type ReminderCandidate } from '../src/weeks/reminders';
import { assertWeekOpen } from '../src/weeks/week-lock';
import {
  isLocked,
  planTransition,
  TRANSITIONS,
  type WeekAction,
  type WeekRecord,
  type WeekState,
  wrongState,
} from '../src/weeks/week-state';

const engineer: Caller = { id: 'eng-1', email: 'mary@example.com', name: 'Mary Major', roles: ['engineer'] };
const manager: Caller = { id: 'mgr-1', email: 'paulo@example.com', name: 'Paulo Santos', roles: ['manager'] };
const now = new Date('2026-12-01T10:00:00Z');

/** The status the API answers for what the action throws (the HTTP edge maps domain errors). */
function statusOf(action: () => unknown): number | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (httpErrorFor(error) as { statusCode?: number }).statusCode;
  }
}

describe('ISO week ids', () => {
  test.each([
    ['2026-W01', true],
    ['2026-W53', true],
    ['2025-W53', false],
    ['2020-W53', true],
    ['2026-W00', false],
    ['2026-W54', false],
    ['2026-w01', false],
    ['2026-W1', false],
    ['26-W01', false],
    ['2026-W01 ', false],
  ])('%s is a real ISO week: %s', (id, valid) => {
    expect(parseWeekId(id) !== undefined).toBe(valid);
  });

  test.each([
    [2026, 53],
    [2025, 52],
    [2020, 53],
    [2021, 52],
  ])('%i has %i weeks', (year, weeks) => {
    expect(weeksInYear(year)).toBe(weeks);
  });

  test('an invalid week id is a 400 naming the week field', () => {
    expect(() => requireWeekId('2025-W53')).toThrow(expect.objectContaining({ statusCode: 400 }));
    expect(() => requireWeekId(undefined)).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'week' })] }),
    );
  });

  test('2026-W53 runs from Monday 28 December 2026 to Sunday 3 January 2027, across the year boundary', () => {
    expect(weekDates('2026-W53')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(workDates('2026-W53')).toHaveLength(5);
  });

  test.each([
    ['2026-12-28', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2025-12-28', '2025-W52'],
    ['2026-11-30', '2026-W49'],
  ])('%s is in %s', (date, week) => {
    expect(weekOf(date)).toBe(week);
  });

  test.each([
    ['2026-W53', 1, '2027-W01'],
    ['2027-W01', -1, '2026-W53'],
    ['2025-W52', 1, '2026-W01'],
    ['2026-W10', 0, '2026-W10'],
  ])('%s shifted by %i is %s', (week, offset, expected) => {
    expect(shiftWeek(week, offset)).toBe(expected);
  });
});

describe('week state machine', () => {
  const every: WeekState[] = ['open', 'submitted', 'approved', 'rejected'];
  const allowed: Record<WeekAction, Partial<Record<WeekState, WeekState>>> = {
    submit: { open: 'submitted', rejected: 'submitted' },
    approve: { submitted: 'approved' },
    reject: { submitted: 'rejected' },
    reopen: { approved: 'open' },
  };

  test.each(
    (Object.keys(allowed) as WeekAction[]).flatMap((action) =>
      every.map((state) => [action, state, allowed[action][state] ?? 'refused (409)'] as const),
    ),
  )('%s from %s → %s', (action, state, expected) => {
    const rule = TRANSITIONS[action];
    expect(rule.from.includes(state) ? rule.to : 'refused (409)').toBe(expected);
  });

  test('the engineer submits their own week, and the history entry says who and when', () => {
    const plan = planTransition({ action: 'submit', actor: engineer, engineerId: engineer.id, now });
    expect(plan.entry).toEqual({ action: 'submit', byId: 'eng-1', by: 'Mary Major', at: now.toISOString() });
  });

  test.each([
    ['submit', 'someone else submits the week', 403, manager],
    ['approve', 'an engineer approves', 403, engineer],
    ['approve', 'a manager approves their own week', 403, { ...manager, id: 'eng-1' }],
    ['reject', 'a rejection has no comment', 400, manager],
    ['reopen', 'a reopen has no reason', 400, manager],
  ] as const)('%s is refused when %s: %i', (action, _story, status, actor) => {
    expect(statusOf(() => planTransition({ action, actor, engineerId: 'eng-1', now }))).toBe(status);
  });

  test('a step from the wrong state is answered 409 naming the state and what the step needs', () => {
    expect(httpErrorFor(wrongState('approve', '2026-W53', 'open'))).toMatchObject({
      statusCode: 409,
      message: 'Week 2026-W53 is open; approve needs it submitted',
      errors: [{ field: 'state', problem: 'is open, approve needs submitted' }],
    });
  });

  test('a rejection keeps its comment, trimmed', () => {
    const plan = planTransition({ action: 'reject', actor: manager, engineerId: 'eng-1', comment: '  Tuesday? ', now });
    expect(plan.entry.comment).toBe('Tuesday?');
  });

  test('a blank reason is no reason', () => {
    expect(
      statusOf(() => planTransition({ action: 'reopen', actor: manager, engineerId: 'eng-1', comment: '  ', now })),
    ).toBe(400);
  });

  test.each([
    ['open', false],
    ['submitted', false],
    ['rejected', false],
    ['approved', true],
  ] as const)('a week that is %s is locked: %s', (state, locked) => {
    expect(isLocked(state)).toBe(locked);
  });
});

describe('lock rule', () => {
  const stored = (state: WeekState): WeekRecord => ({
    engineerId: 'eng-1',
    week: '2026-W53',
    engineer: 'Mary',
    state,
    history: [],
  });
  const reader = (state?: WeekState) => ({ get: async () => (state === undefined ? undefined : stored(state)) });

  test('a record in an approved week is refused with 403 saying the week is locked', async () => {
    const refusal = await assertWeekOpen(reader('approved'), 'eng-1', '2027-01-02').catch(httpErrorFor);
    expect(refusal).toMatchObject({
      statusCode: 403,
      message: expect.stringContaining('2026-W53 is locked'),
      errors: [{ field: 'date', problem: 'is in 2026-W53, which is approved and locked' }],
    });
  });

  test.each([undefined, 'open', 'submitted', 'rejected'] as const)(
    'a record in a %s week is allowed',
    async (state) => {
      await expect(assertWeekOpen(reader(state), 'eng-1', '2026-12-30')).resolves.toBeUndefined();
    },
  );

  test('the lock is looked up in the week the date belongs to', async () => {
    const asked: string[] = [];
    const reader = {
      get: async (_id: string, week: string) => {
        asked.push(week);
        return undefined;
      },
    };
    await assertWeekOpen(reader, 'eng-1', '2027-01-03');
    expect(asked).toEqual(['2026-W53']);
  });
});

describe("the reminder's choice of people", () => {
  const person = (id: string) => ({ id, email: `${id}@example.com`, name: id });
  const week = '2026-W49'; // Monday 30 November .. Sunday 6 December 2026
  const full = new Set(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);

  test('missing days are work days up to today without hours; weekends never count', () => {
    expect(missingWorkDays(week, new Set(['2026-11-30', '2026-12-05']), '2026-12-06')).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
    ]);
  });

  test('days still to come are not missing', () => {
    expect(missingWorkDays(week, new Set(['2026-11-30']), '2026-12-01')).toEqual(['2026-12-01']);
  });

  test('the week across the year boundary counts New Year’s Day as a work day', () => {
    expect(
      missingWorkDays('2026-W53', new Set(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']), '2027-01-03'),
    ).toEqual(['2027-01-01']);
  });

  test.each<[string, Partial<ReminderCandidate>, boolean]>([
    ['an open week with an empty day', {}, true],
    ['a rejected week with an empty day', { state: 'rejected' }, true],
    ['a week with every work day filled', { datesWithHours: full }, false],
    ['a submitted week', { state: 'submitted' }, false],
    ['an approved week', { state: 'approved' }, false],
    ['an engineer already reminded this week', { reminded: true }, false],
  ])('%s → reminded: %s', (story, overrides, expected) => {
    const candidate: ReminderCandidate = {
      person: person(story),
      state: 'open',
      datesWithHours: new Set(['2026-11-30']),
      reminded: false,
      ...overrides,
    };
    expect(chooseReminders(week, [candidate], '2026-12-04').length === 1).toBe(expected);
  });
});
