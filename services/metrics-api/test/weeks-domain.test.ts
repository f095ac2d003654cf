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
import { decisionEmail, hoursPerDay } from '../src/weeks/week-emails';
import { refusalFor, transactWrite, weekGate, weekKeyOf } from '../src/weeks/week-gate';
import { transitionWeek } from '../src/weeks/week-service';
import {
  isLocked,
  planTransition,
  TRANSITIONS,
  type WeekAction,
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
    withdraw: { submitted: 'open' },
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
    ['withdraw', 'someone else withdraws the week', 403, manager],
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

describe('which weeks take record writes', () => {
  test('a record in a submitted week is refused with 409 saying the week is submitted', () => {
    expect(httpErrorFor(refusalFor('2026-W49', 'submitted'))).toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('2026-W49 is submitted'),
      errors: [{ field: 'date', problem: 'is in 2026-W49, which is submitted and waits for a decision' }],
    });
  });

  test('a record in an approved week is refused with 403 saying the week is locked', () => {
    expect(httpErrorFor(refusalFor('2026-W53', 'approved'))).toMatchObject({
      statusCode: 403,
      message: expect.stringContaining('2026-W53 is locked'),
      errors: [{ field: 'date', problem: 'is in 2026-W53, which is approved and locked' }],
    });
  });

  test.each(['open', 'rejected'] as const)('a record in a %s week is allowed', (state) => {
    expect(refusalFor('2026-W49', state)).toBeUndefined();
  });

  test('the gate is the week the date belongs to, of the record’s owner; a record without owner has none', () => {
    expect(weekKeyOf('eng-1', '2027-01-03')).toEqual({ engineerId: 'eng-1', week: '2026-W53' });
    expect(weekKeyOf(undefined, '2027-01-03')).toBeUndefined();
  });
});

describe("the engineer's decision email", () => {
  const hours = {
    byDate: {
      '2026-11-30': 8,
      '2026-12-01': 7.5,
      '2026-12-02': 0,
      '2026-12-03': 8.25,
      '2026-12-04': 0,
      '2026-12-05': 0,
      '2026-12-06': 0,
    },
    week: 23.75,
  };
  const base = {
    week: '2026-W49',
    engineer: { email: 'mary@example.com', name: 'Mary Major' },
    manager: 'Paulo Santos',
    link: 'https://site.example.com/week.html?week=2026-W49',
  };

  test('names the days that have hours', () => {
    expect(hoursPerDay(hours)).toBe('Mon 30 Nov 8 h, Tue 1 Dec 7.5 h, Thu 3 Dec 8.25 h');
  });

  test('labels every month\'s days as British English does (ICU\'s en-GB, "Sept" included)', () => {
    for (let month = 0; month < 12; month += 1) {
      const monday = new Date(Date.UTC(2026, month, 1));
      monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7));
      const date = monday.toISOString().slice(0, 10);
      const british = monday.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
      expect(hoursPerDay({ byDate: { [date]: 8 }, week: 8 })).toBe(`Mon ${british} 8 h`);
    }
  });

  test('an approval says what it approved: the revision and the hours per day', () => {
    const email = decisionEmail({ ...base, action: 'approve', revision: 4, hours, comment: 'Thanks' });
    expect(email).toMatchObject({ to: 'mary@example.com', subject: 'Your week 2026-W49 was approved (23.75 h)' });
    expect(email.text).toContain(
      'It covers 23.75 hours (revision 4): Mon 30 Nov 8 h, Tue 1 Dec 7.5 h, Thu 3 Dec 8.25 h.',
    );
    expect(email.text).toContain('Paulo Santos wrote: "Thanks"');
    expect(email.text).toContain(`Open the week: ${base.link}`);
  });

  test('a rejection carries the comment; a reopen the reason', () => {
    expect(decisionEmail({ ...base, action: 'reject', revision: 4, hours, comment: 'Tuesday?' }).text).toContain(
      'Paulo Santos wrote: "Tuesday?"',
    );
    const reopened = decisionEmail({ ...base, action: 'reopen', comment: 'Split the client' });
    expect(reopened.subject).toBe('Your week 2026-W49 was reopened');
    expect(reopened.text).toContain('Paulo Santos wrote: "Split the client"');
  });

  test('the HTML escapes what people wrote', () => {
    expect(decisionEmail({ ...base, action: 'reject', comment: '<b>no</b>' }).html).toContain('&#60;b&#62;no');
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

describe('one transaction per record write', () => {
  const cancelled = (...codes: string[]) =>
    Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: codes.map((Code) => ({ Code })),
    });
  const client = (...failures: Error[]) => {
    let calls = 0;
    return {
      calls: () => calls,
      send: async () => {
        calls += 1;
        const failure = failures.shift();
        if (failure) throw failure;
        return {};
      },
    };
  };
  const items = [weekGate('weeks', { engineerId: 'eng-1', week: '2026-W49' })];

  test('reports which items’ conditions failed', async () => {
    const fake = client(cancelled('None', 'ConditionalCheckFailed'));
    expect(await transactWrite(fake as never, items)).toEqual([1]);
  });

  test('retries transactions cancelled by a conflict on the same week item, then writes', async () => {
    const fake = client(cancelled('None', 'TransactionConflict'), cancelled('TransactionConflict', 'None'));
    expect(await transactWrite(fake as never, items)).toEqual([]);
    expect(fake.calls()).toBe(3);
  });

  test('gives up on a conflict that does not clear as busy (503, Retry-After), and passes any other error on', async () => {
    const conflicts = Array.from({ length: 5 }, () => cancelled('TransactionConflict'));
    await expect(transactWrite(client(...conflicts) as never, items)).rejects.toMatchObject({
      statusCode: 503,
      headers: { 'Retry-After': '1' },
      message: expect.stringContaining('nothing was saved'),
    });
    await expect(transactWrite(client(new Error('network')) as never, items)).rejects.toThrow('network');
  });

  test('the week gate counts the write and holds only while the week is open or rejected', () => {
    expect(items[0]?.Update).toMatchObject({
      Key: { engineerId: 'eng-1', week: '2026-W49' },
      UpdateExpression: 'ADD #revision :one',
      ConditionExpression: 'attribute_not_exists(#state) OR #state IN (:open, :rejected)',
    });
  });
});

describe('a decision is bound to what was submitted', () => {
  const hours = (monday: number) => ({
    byDate: Object.fromEntries(weekDates('2026-W49').map((date, day) => [date, day === 0 ? monday : 0])),
    week: monday,
  });
  const entry = (hoursOfMonday: number) => ({
    id: 'r1',
    engineerId: 'eng-1',
    engineer: 'Mary Major',
    customer: 'Acme',
    project: 'Data',
    activity: 'Build',
    date: '2026-11-30',
    hours: hoursOfMonday,
  });
  /** A week submitted at revision 2 with 8 h on Monday, now at `revision` with `stored` hours. */
  const storage = (revision: number, stored: number) => {
    const applied: unknown[] = [];
    return {
      applied,
      weeks: {
        get: async () => ({
          engineerId: 'eng-1',
          week: '2026-W49',
          engineer: 'Mary Major',
          state: 'submitted' as const,
          history: [],
          revision,
          submitted: { revision: 2, hours: hours(8) },
        }),
        apply: async (...args: unknown[]) => {
          applied.push(args);
          return undefined;
        },
        listByState: async () => [],
        markReminded: async () => true,
      },
      entries: { ofEngineer: async () => [entry(stored)], hoursBetween: async () => [] },
    };
  };
  const approve = (deps: ReturnType<typeof storage>, action: 'approve' | 'reject' = 'approve') =>
    transitionWeek(deps, manager, {
      action,
      week: '2026-W49',
      engineerId: 'eng-1',
      comment: 'ok',
      now,
    }).catch(httpErrorFor);

  test.each(['approve', 'reject'] as const)(
    '%s refuses (409) a week whose revision is not the submitted one',
    async (action) => {
      const deps = storage(3, 8);
      expect(await approve(deps, action)).toMatchObject({
        statusCode: 409,
        errors: [{ field: 'revision', problem: 'revision 3, submitted 2' }],
      });
      expect(deps.applied).toHaveLength(0);
    },
  );

  test('an approval refuses (409) records that no longer add up to the submitted hours', async () => {
    const deps = storage(2, 9);
    expect(await approve(deps)).toMatchObject({
      statusCode: 409,
      errors: [{ field: 'revision', problem: '9 h now, 8 h submitted' }],
    });
  });

  test('an approval of what was submitted is written on the condition of the revision it read, recording it', async () => {
    const deps = storage(2, 8);
    await approve(deps);
    const [, step, revision] = deps.applied[0] as [unknown, { entry: { revision: number; hours: unknown } }, number];
    expect(revision).toBe(2);
    expect(step.entry).toMatchObject({ revision: 2, hours: hours(8) });
  });
});
