import { loadEvent } from '@test-support/events';
import type { Context } from 'aws-lambda';
import { LOCAL_PEOPLE } from '../../../scripts/local/people';
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
  engineer: string | null;
  dates: string[];
  entries: { id: string; date: string; hours: number }[];
  rows: { project: string; hours: Record<string, number>; total: number }[];
  totals: { byDate: Record<string, number>; week: number };
  history: { action: string; by: string; comment?: string }[];
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
    const change = (as: TestPerson, id: string, date: string) =>
      send<ErrorBody>('activity-update', {
        method: 'PUT',
        route: 'PUT /activities/{id}',
        path: `/activities/${id}`,
        pathParameters: { id },
        body: activityBody(date, 5),
        as,
      });
    const remove = (as: TestPerson, id: string) =>
      send<ErrorBody>('activity-delete', {
        method: 'DELETE',
        route: 'DELETE /activities/{id}',
        path: `/activities/${id}`,
        pathParameters: { id },
        as,
      });
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

    const toMary = await inboxOf(mary.email);
    expect(toMary.filter((email) => email.subject.includes(weekOf(today)))).toHaveLength(1);
    expect(toMary[0]?.body.text).toContain(`${SITE_URL}/week.html?week=${weekOf(today)}`);
    expect(await inboxOf(john.email)).toHaveLength(0);
    expect(await inboxOf(paulo.email)).not.toContainEqual(
      expect.objectContaining({ subject: expect.stringContaining('without hours') }),
    );
  });
});
