import { loadEvent } from '@test-support/events';
import type { Context } from 'aws-lambda';
import { LOCAL_PEOPLE } from '../../../test-support/people';
import { weekOf, workDates } from '../src/weeks/iso-week';
import {
  api,
  configureHandlers,
  inboxOf,
  invoke,
  people,
  type Request,
  SITE_URL,
  type TestPerson,
} from './support/week-api';
import { closeLocalDynamo } from './support/weeks';

// The handlers read their configuration when loaded: configure first, then load them.
configureHandlers();
type HandlerModule = { handler: unknown };
const load = (name: string): Promise<HandlerModule> => import(`../src/handlers/${name}`);
let handlers: Record<string, unknown>;

beforeAll(async () => {
  const names = [
    'week-get',
    'week-submit',
    'week-decide',
    'week-withdraw',
    'week-list',
    'activity-create',
    'activity-update',
    'activity-delete',
  ];
  const modules = await Promise.all(names.map(load));
  handlers = Object.fromEntries(names.map((name, index) => [name, modules[index]?.handler]));
});
afterAll(closeLocalDynamo);

/**
 * Over HTTP against the local stack with real tokens, except where a test needs its own people
 * directory (the team view and the reminder list every engineer of the directory; the stack's
 * functions know only the seeded people): there the handlers are invoked in this process with
 * the claims API Gateway's JWT authorizer would pass. Both use the same tables and inbox.
 */
let transport: 'http' | 'handler' = 'http';
function send<T>(handler: string, request: Request) {
  return transport === 'http' ? api<T>(request) : invoke<T>(handlers[handler], request);
}
function withTestDirectory(): void {
  beforeAll(() => {
    transport = 'handler';
  });
  afterAll(() => {
    transport = 'http';
  });
}

interface WeekBody {
  state: string;
  locked: boolean;
  editable: boolean;
  revision: number;
  submitted: { revision: number; hours: { byDate: Record<string, number>; week: number } } | null;
  engineer: string | null;
  dates: string[];
  entries: { id: string; date: string; hours: number }[];
  rows: { project: string; hours: Record<string, number>; total: number }[];
  totals: { byDate: Record<string, number>; week: number };
  history: {
    action: string;
    by: string;
    comment?: string;
    revision?: number;
    hours?: { byDate: Record<string, number>; week: number };
  }[];
  notified?: string[];
}
interface ErrorBody {
  message: string;
  errors: { field: string; problem: string }[];
}

const activityBody = (date: string, hours: number, project = 'Data platform') => ({
  customer: 'Acme Corp',
  project,
  activity: 'Build',
  date,
  hours,
});

function record(as: TestPerson, date: string, hours: number, project?: string) {
  return send<{ id: string } & ErrorBody>('activity-create', {
    method: 'POST',
    route: 'POST /activities',
    path: '/activities',
    body: activityBody(date, hours, project),
    as,
  });
}

function getWeek(as: TestPerson | undefined, week: string, engineer?: string) {
  return send<WeekBody & ErrorBody>('week-get', {
    method: 'GET',
    route: 'GET /weeks/{week}',
    path: `/weeks/${week}`,
    pathParameters: { week },
    ...(engineer ? { query: { engineer } } : {}),
    as,
  });
}

function submit(as: TestPerson, week: string) {
  return send<WeekBody & ErrorBody>('week-submit', {
    method: 'POST',
    route: 'POST /weeks/{week}/submit',
    path: `/weeks/${week}/submit`,
    pathParameters: { week },
    as,
  });
}

function withdraw(as: TestPerson, week: string) {
  return send<WeekBody & ErrorBody>('week-withdraw', {
    method: 'POST',
    route: 'POST /weeks/{week}/withdraw',
    path: `/weeks/${week}/withdraw`,
    pathParameters: { week },
    as,
  });
}

function change(as: TestPerson, id: string, date: string, hours = 5, extra: Record<string, unknown> = {}) {
  return send<ErrorBody & { id: string }>('activity-update', {
    method: 'PUT',
    route: 'PUT /activities/{id}',
    path: `/activities/${id}`,
    pathParameters: { id },
    body: { ...activityBody(date, hours), ...extra },
    as,
  });
}

function remove(as: TestPerson, id: string) {
  return send<ErrorBody>('activity-delete', {
    method: 'DELETE',
    route: 'DELETE /activities/{id}',
    path: `/activities/${id}`,
    pathParameters: { id },
    as,
  });
}

function decide(action: 'approve' | 'reject' | 'reopen', as: TestPerson, week: string, body: Record<string, string>) {
  return send<WeekBody & ErrorBody>('week-decide', {
    method: 'POST',
    route: `POST /weeks/{week}/${action}`,
    path: `/weeks/${week}/${action}`,
    pathParameters: { week },
    body,
    as,
  });
}

function list(as: TestPerson, query: Record<string, string>) {
  return send<Record<string, unknown> & ErrorBody>('week-list', {
    method: 'GET',
    route: 'GET /weeks',
    path: '/weeks',
    query,
    as,
  });
}

const { mary, john, ana, paulo, li } = people;

describe('GET /weeks/{week}', () => {
  test('a week id that is not a real ISO week is a 400 naming the week', async () => {
    const response = await getWeek(mary, '2025-W53');
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ field: 'week' })]);
    expect((await getWeek(mary, '2026-W5')).status).toBe(400);
  });

  test('without sign-in it is a 401', async () => {
    expect((await getWeek(undefined, '2026-W48')).status).toBe(401);
  });

  test('2020-W53 runs across the year boundary and holds only that engineer’s records of those seven days', async () => {
    await record(mary, '2020-12-27', 1); // Sunday of 2020-W52
    const monday = await record(mary, '2020-12-28', 2);
    const sunday = await record(mary, '2021-01-03', 1.5, 'Support');
    await record(mary, '2021-01-04', 4); // Monday of 2021-W01
    await record(john, '2020-12-29', 8);

    const response = await getWeek(mary, '2020-W53');

    expect(response.status).toBe(200);
    expect(response.json.dates[0]).toBe('2020-12-28');
    expect(response.json.dates[6]).toBe('2021-01-03');
    expect(response.json.entries.map((entry) => entry.id).sort()).toEqual([monday.json.id, sunday.json.id].sort());
    expect(response.json.totals.week).toBe(3.5);
    expect(response.json.totals.byDate).toMatchObject({ '2020-12-28': 2, '2021-01-03': 1.5, '2020-12-29': 0 });
    expect(response.json.rows.map((row) => [row.project, row.total])).toEqual([
      ['Data platform', 2],
      ['Support', 1.5],
    ]);
    expect(response.json).toMatchObject({ state: 'open', locked: false, history: [] });
  });

  test("an engineer cannot read another engineer's week; a manager can", async () => {
    await record(john, '2026-11-02', 3);
    expect((await getWeek(mary, '2026-W45', john.id)).status).toBe(403);
    const asManager = await getWeek(paulo, '2026-W45', john.id);
    expect(asManager.status).toBe(200);
    expect(asManager.json.totals.week).toBe(3);
  });
});

describe('submit, approve, reject, reopen', () => {
  test('submitting emails every manager a link to the week, and a second submit is a 409', async () => {
    await record(ana, '2026-11-09', 7.5);

    const response = await submit(ana, '2026-W46');

    expect(response.status).toBe(200);
    expect(response.json.state).toBe('submitted');
    expect(response.json.history).toEqual([expect.objectContaining({ action: 'submit', by: ana.name })]);
    // The stack's functions mail the managers of the sign-in directory: the issuer's seeded ones.
    const managers = LOCAL_PEOPLE.filter((person) => person.groups.includes('managers'));
    expect(response.json.notified?.sort()).toEqual(managers.map((manager) => manager.email).sort());
    const [email] = (await inboxOf(managers[0]?.email ?? '')).filter((stored) => stored.subject.includes(ana.name));
    expect(email?.subject).toBe(`${ana.name} submitted 2026-W46 (7.5 h) for approval`);
    expect(email?.body.text).toMatch(
      new RegExp(`http://localhost:\\d+/week\\.html\\?week=2026-W46&engineer=${ana.id}`),
    );
    expect((await submit(ana, '2026-W46')).status).toBe(409);
  });

  test('only managers decide, and a rejection needs a comment', async () => {
    await submit(mary, '2026-W44');
    expect(await decide('approve', john, '2026-W44', { engineer: mary.id })).toMatchObject({
      status: 403,
      json: { errors: [{ field: 'role', problem: 'manager is required' }] },
    });
    const noComment = await decide('reject', paulo, '2026-W44', { engineer: mary.id });
    expect(noComment.status).toBe(400);
    expect(noComment.json.errors).toEqual([expect.objectContaining({ field: 'comment' })]);
  });

  test('a rejected week goes back to the engineer with the comment, who submits it again', async () => {
    await submit(mary, '2026-W43');
    const rejected = await decide('reject', paulo, '2026-W43', { engineer: mary.id, comment: 'Tuesday is missing' });
    expect(rejected.json.state).toBe('rejected');

    const seen = await getWeek(mary, '2026-W43');
    expect(seen.json.history.at(-1)).toMatchObject({ action: 'reject', by: paulo.name, comment: 'Tuesday is missing' });
    expect((await submit(mary, '2026-W43')).json.state).toBe('submitted');
  });

  test('a week that is not submitted cannot be approved (409)', async () => {
    const response = await decide('approve', paulo, '2026-W42', { engineer: john.id });
    expect(response.status).toBe(409);
    expect(response.json.message).toContain('is open');
  });

  test('two managers deciding at once: exactly one decision, the other gets 409', async () => {
    await submit(john, '2026-W41');
    const responses = await Promise.all([
      decide('approve', paulo, '2026-W41', { engineer: john.id }),
      decide('reject', li, '2026-W41', { engineer: john.id, comment: 'Too many hours' }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const history = (await getWeek(john, '2026-W41')).json.history.map((entry) => entry.action);
    expect(history).toHaveLength(2);
    expect(history[0]).toBe('submit');
  });
});

describe('an approved week is locked', () => {
  const week = '2026-W40'; // 28 September .. 4 October 2026
  let kept: string;
  let open: string;

  beforeAll(async () => {
    kept = (await record(mary, '2026-09-29', 4)).json.id;
    open = (await record(mary, '2026-10-06', 2)).json.id; // the week after
    await submit(mary, week);
    await decide('approve', li, week, { engineer: mary.id, comment: 'Thanks' });
  });

  test('a new record in it is refused with 403 saying the week is locked', async () => {
    const response = await record(mary, '2026-09-30', 1);
    expect(response.status).toBe(403);
    expect(response.json.message).toContain(`${week} is locked`);
  });

  test('its records cannot be changed, moved out, or deleted — by the engineer or a manager', async () => {
    expect((await change(mary, kept, '2026-09-29')).status).toBe(403);
    expect((await change(mary, kept, '2026-10-07')).status).toBe(403);
    expect((await change(paulo, open, '2026-09-30')).status).toBe(403); // moving a record into it
    expect((await remove(paulo, kept)).status).toBe(403);
    expect((await getWeek(mary, week)).json).toMatchObject({ state: 'approved', locked: true, totals: { week: 4 } });
  });

  test('a manager reopens it only with a reason, and then it can change again', async () => {
    const noReason = await decide('reopen', paulo, week, { engineer: mary.id });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors).toEqual([expect.objectContaining({ field: 'reason' })]);

    const reopened = await decide('reopen', paulo, week, { engineer: mary.id, reason: 'Client asked for a split' });
    expect(reopened.json).toMatchObject({ state: 'open', locked: false });
    expect(reopened.json.history.map((entry) => entry.action)).toEqual(['submit', 'approve', 'reopen']);
    expect((await record(mary, '2026-09-30', 1)).status).toBe(201);
  });
});

describe("the managers' lists", () => {
  withTestDirectory();

  test('what waits for a decision: managers only, with the hours submitted', async () => {
    await record(ana, '2026-10-12', 6);
    await submit(ana, '2026-W42');
    expect((await list(ana, { state: 'submitted' })).status).toBe(403);
    const response = await list(paulo, { state: 'submitted' });
    expect(response.status).toBe(200);
    expect(response.json.items).toContainEqual(
      expect.objectContaining({ engineerId: ana.id, week: '2026-W42', state: 'submitted', hours: 6 }),
    );
  });

  test("the team's weeks: every engineer, state and hours per week", async () => {
    await record(john, '2026-10-20', 5);
    await submit(john, '2026-W43');
    const response = await list(paulo, { from: '2026-W43', to: '2026-W44' });
    expect(response.status).toBe(200);
    const team = response.json as unknown as {
      weeks: string[];
      engineers: { engineerId: string; weeks: { week: string; state: string; hours: number }[] }[];
    };
    expect(team.weeks).toEqual(['2026-W43', '2026-W44']);
    expect(team.engineers.find((row) => row.engineerId === john.id)?.weeks[0]).toEqual({
      week: '2026-W43',
      state: 'submitted',
      hours: 5,
    });
    expect(team.engineers.map((row) => row.engineerId)).toEqual(expect.arrayContaining([mary.id, ana.id]));
  });

  test('a range of weeks past the limit is a 400 naming to', async () => {
    const response = await list(paulo, { from: '2025-W01', to: '2026-W40' });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ field: 'to' })]);
  });
});

describe('the weekly reminder', () => {
  test('emails, once, each engineer whose week has work days without hours', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const upToToday = workDates(weekOf(today)).filter((date) => date <= today);
    for (const date of upToToday) await record(john, date, 8);
    const { handler } = await load('on-reminder-schedule');
    const scheduled = loadEvent('eventbridge', 'scheduled');

    await (handler as (event: unknown, context: Context) => Promise<unknown>)(scheduled, {} as Context);
    await (handler as (event: unknown, context: Context) => Promise<unknown>)(scheduled, {} as Context);

    const toMary = (await inboxOf(mary.email)).filter((email) => email.subject.includes('without hours'));
    expect(toMary.filter((email) => email.subject.includes(weekOf(today)))).toHaveLength(1);
    expect(toMary[0]?.body.text).toContain(`${SITE_URL}/week.html?week=${weekOf(today)}`);
    expect((await inboxOf(john.email)).filter((email) => email.subject.includes('without hours'))).toHaveLength(0);
    expect(await inboxOf(paulo.email)).not.toContainEqual(
      expect.objectContaining({ subject: expect.stringContaining('without hours') }),
    );
  });
});

describe('a submitted week is frozen until it is withdrawn or decided', () => {
  const week = '2026-W39'; // 21 .. 27 September 2026
  let kept: string;
  let outside: string;

  beforeAll(async () => {
    kept = (await record(ana, '2026-09-22', 4)).json.id;
    outside = (await record(ana, '2026-09-29', 2)).json.id; // the week after
    expect((await submit(ana, week)).json.state).toBe('submitted');
  });

  test('every write into it is refused with 409 saying the week is submitted, and nothing changes', async () => {
    const refusals = [
      await record(ana, '2026-09-23', 1), // a create
      await change(ana, kept, '2026-09-22', 6), // a change
      await change(ana, kept, '2026-09-30'), // a move out of it
      await change(ana, outside, '2026-09-24'), // a move into it
      await remove(ana, kept), // a delete
      await change(paulo, kept, '2026-09-22', 7), // a manager's change
    ];
    const onBehalf = await send<ErrorBody>('activity-create', {
      method: 'POST',
      route: 'POST /activities',
      path: '/activities',
      body: { ...activityBody('2026-09-24', 2), onBehalfOf: { id: ana.id, name: ana.name } },
      as: paulo,
    });
    for (const response of [...refusals, onBehalf]) {
      expect(response.status).toBe(409);
      expect(response.json.message).toContain(`${week} is submitted`);
      expect(response.json.errors).toEqual([
        { field: 'date', problem: `is in ${week}, which is submitted and waits for a decision` },
      ]);
    }
    const seen = (await getWeek(ana, week)).json;
    expect(seen).toMatchObject({ state: 'submitted', editable: false, totals: { week: 4 } });
    expect(seen.submitted).toEqual({ revision: seen.revision, hours: seen.totals });
  });

  test('only the engineer withdraws it; it is open again, the step kept in the history, and writes land again', async () => {
    // Withdraw acts on the caller's own week: a manager's call names their own (open) week.
    expect((await withdraw(paulo, week)).status).toBe(409);
    expect((await getWeek(ana, week)).json.state).toBe('submitted');
    const withdrawn = await withdraw(ana, week);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json).toMatchObject({ state: 'open', editable: true });
    expect(withdrawn.json.history.map((entry) => entry.action)).toEqual(['submit', 'withdraw']);
    expect((await withdraw(ana, week)).status).toBe(409); // not submitted any more
    expect((await change(ana, kept, '2026-09-22', 6)).status).toBe(200);
  });
});

describe('what a manager decides on is what was submitted, and the engineer is told', () => {
  test('an approval records the submitted revision and hours per day, and mails them to the engineer', async () => {
    const week = '2026-W38'; // 14 .. 20 September 2026
    await record(mary, '2026-09-14', 8);
    await record(mary, '2026-09-15', 7.5);
    const submitted = await submit(mary, week);
    const approved = await decide('approve', paulo, week, { engineer: mary.id, comment: 'Thanks' });

    expect(approved.status).toBe(200);
    expect(approved.json.notified).toEqual([mary.email]);
    const [submitStep, approveStep] = approved.json.history;
    expect(submitStep).toMatchObject({ action: 'submit', revision: 2, hours: { week: 15.5 } });
    expect(approveStep).toMatchObject({ action: 'approve', revision: 2, hours: submitted.json.totals });
    expect(approveStep?.hours?.byDate).toMatchObject({ '2026-09-14': 8, '2026-09-15': 7.5, '2026-09-16': 0 });
    const [email] = (await inboxOf(mary.email)).filter((stored) => stored.subject.includes(`${week} was approved`));
    expect(email?.subject).toBe(`Your week ${week} was approved (15.5 h)`);
    expect(email?.body.text).toContain('It covers 15.5 hours (revision 2): Mon 14 Sept 8 h, Tue 15 Sept 7.5 h.');
    expect(email?.body.text).toContain(`${paulo.name} wrote: "Thanks"`);
    expect(email?.body.text).toMatch(new RegExp(`Open the week: http://localhost:\\d+/week\\.html\\?week=${week}`));
  });

  test('a rejection mails the comment, a reopen the reason, each once', async () => {
    const week = '2026-W37';
    await record(john, '2026-09-07', 3);
    await submit(john, week);
    await decide('reject', li, week, { engineer: john.id, comment: 'Where is Tuesday?' });
    await submit(john, week);
    await decide('approve', li, week, { engineer: john.id });
    await decide('reopen', li, week, { engineer: john.id, reason: 'Client split' });

    const mails = (await inboxOf(john.email)).filter((stored) => stored.subject.includes(week));
    expect(mails.map((stored) => stored.subject).sort()).toEqual(
      [
        `Your week ${week} was approved (3 h)`,
        `Your week ${week} was rejected`,
        `Your week ${week} was reopened`,
      ].sort(),
    );
    const text = (subject: string) => mails.find((stored) => stored.subject.includes(subject))?.body.text;
    expect(text('rejected')).toContain(`${li.name} wrote: "Where is Tuesday?"`);
    expect(text('reopened')).toContain(`${li.name} wrote: "Client split"`);
  });
});

describe('writes racing a submit and an approval (real concurrency against dynalite)', () => {
  /**
   * Creates and changes fired a few milliseconds apart while the week is submitted and then
   * approved. Whatever interleaving happens, each write either landed before the submit (and is
   * in what was approved) or was refused: the approved revision and hours equal the records.
   */
  test.each(['2026-W30', '2026-W31', '2026-W32'])(
    '%s: the approved totals are exactly the stored records',
    async (week) => {
      const engineer = { ...ana, id: `${ana.id}-${week}`, email: `race-${week}-${ana.email}` };
      const monday = (await getWeek(engineer, week)).json.dates[0] ?? '';
      const first = (await record(engineer, monday, 1)).json.id;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const writes = Array.from({ length: 24 }, async (_, index) => {
        await pause(index * 12);
        return index % 4 === 3 ? change(engineer, first, monday, 1 + index / 4) : record(engineer, monday, 0.25);
      });
      const decided = (async () => {
        await pause(100);
        // A submit that keeps losing to the writes is refused as a person would be told, and sent again.
        let submitted = await submit(engineer, week);
        for (let again = 0; submitted.status === 409 && again < 20; again += 1) {
          expect(submitted.json.errors).toEqual([
            { field: 'revision', problem: expect.stringMatching(/kept changing/) },
          ]);
          submitted = await submit(engineer, week);
        }
        expect(submitted.status).toBe(200);
        return decide('approve', paulo, week, { engineer: engineer.id });
      })();
      const [approved, ...outcomes] = await Promise.all([decided, ...writes]);

      expect(approved.status).toBe(200);
      for (const outcome of outcomes) expect([200, 201, 409, 403]).toContain(outcome.status);
      const after = (await getWeek(engineer, week)).json;
      const approval = after.history.find((entry) => entry.action === 'approve');
      expect(approval?.hours).toEqual(after.totals);
      expect(approval?.revision).toBe(after.revision);
      expect(after.submitted).toEqual({ revision: after.revision, hours: after.totals });
    },
  );
});

describe('planned time and the first day', () => {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  test('a date up to 28 days ahead is accepted (leave, planned work); 29 days ahead is a 400 naming the date', async () => {
    expect((await record(li, inDays(21), 8)).status).toBe(201);
    const tooFar = await record(li, inDays(29), 8);
    expect(tooFar.status).toBe(400);
    expect(tooFar.json.errors).toEqual([{ field: 'date', problem: 'must not be more than 28 days in the future' }]);
  });

  test('0001-01-01 is a 400: dates start on 2000-01-01', async () => {
    const response = await record(li, '0001-01-01', 1);
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: 'date', problem: 'must not be before 2000-01-01' }]);
  });
});
