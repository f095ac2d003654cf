import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { weekOf } from '../src/weeks/iso-week';
import { testPerson } from './support/api';
import { api, type TestPerson } from './support/week-api';
import { activitiesTable, closeLocalDynamo, localDynamo, weeksTable } from './support/weeks';

// Over HTTP against the local stack (serverless-offline, dynalite), signed in with real tokens.
afterAll(closeLocalDynamo);

const timersTable = () => `runway-metrics-api-${process.env.RUNWAY_STAGE ?? 'test'}-timers`;
const HOUR_MS = 3_600_000;

interface TimerView {
  customer: string;
  project: string;
  activity: string;
  notes?: string;
  startedAt: string;
  startedOn: string;
  timeZone: string;
  hours: number;
  pastMidnight: boolean;
  untilMidnight: number;
  step: number;
}
interface ErrorBody {
  message: string;
  errors: { field: string; problem: string }[];
}
interface ActivityBody {
  id: string;
  engineerId: string;
  date: string;
  hours: number;
  notes?: string;
  customer: string;
}

function engineer(): TestPerson {
  const person = testPerson('Timer Tester');
  return { id: person.id, email: person.email ?? '', name: person.name, groups: ['engineers'] };
}

const startBody = { customer: 'Acme Corp', project: 'Data platform', activity: 'Build', notes: 'pairing' };

const start = (as: TestPerson, body: object = startBody) =>
  api<{ timer: TimerView } & ErrorBody>({ method: 'POST', route: 'POST /timer', path: '/timer', body, as });
const current = (as: TestPerson) =>
  api<{ timer: TimerView | null }>({ method: 'GET', route: 'GET /timer', path: '/timer', as });
const stop = (as: TestPerson, body: object = {}) =>
  api<ActivityBody & ErrorBody>({ method: 'POST', route: 'POST /timer/stop', path: '/timer/stop', body, as });

/** A timer as if started `hoursAgo` ago (the API always starts one now). */
async function timerStartedAgo(as: TestPerson, hoursAgo: number, timeZone = 'UTC') {
  await localDynamo().send(
    new PutCommand({
      TableName: timersTable(),
      Item: {
        engineerId: as.id,
        engineer: as.name,
        ...startBody,
        startedAt: new Date(Date.now() - hoursAgo * HOUR_MS).toISOString(),
        timeZone,
      },
    }),
  );
}

describe('the timer', () => {
  it('keeps one running timer per person on the server: another device sees it', async () => {
    const mary = engineer();
    expect((await current(mary)).json.timer).toBeNull();

    const started = await start(mary, { ...startBody, timeZone: 'Europe/Lisbon' });

    expect(started.status).toBe(201);
    const seen = await current(mary);
    expect(seen.json.timer).toMatchObject({ ...startBody, timeZone: 'Europe/Lisbon', step: 0.25, hours: 0.25 });
    expect(seen.json.timer?.startedAt).toBe(started.json.timer.startedAt);
  });

  it('refuses a second start with 409, and two starts at once leave one timer', async () => {
    const mary = engineer();

    const both = await Promise.all([start(mary), start(mary, { ...startBody, project: 'Other' })]);

    expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
    const refused = both.find((response) => response.status === 409);
    expect(refused?.json.errors).toEqual([{ field: 'timer', problem: expect.stringContaining('already running') }]);
    const winner = both.find((response) => response.status === 201);
    expect((await current(mary)).json.timer?.project).toBe(winner?.json.timer.project);
  });

  it('stops into a record rounded to the step, with its notes, and the timer is gone', async () => {
    const mary = engineer();
    await timerStartedAgo(mary, 1.2);

    const stopped = await stop(mary, { notes: 'paired on the importer' });

    expect(stopped.status).toBe(201);
    expect(stopped.json).toMatchObject({
      engineerId: mary.id,
      customer: 'Acme Corp',
      hours: 1.25,
      notes: 'paired on the importer',
    });
    const stored = await localDynamo().send(
      new GetCommand({ TableName: activitiesTable(), Key: { id: stopped.json.id } }),
    );
    expect(stored.Item?.hours).toBe(1.25);
    expect((await current(mary)).json.timer).toBeNull();
  });

  it('keeps the notes given at the start when the stop brings none', async () => {
    const mary = engineer();
    await start(mary);

    const stopped = await stop(mary);

    expect(stopped.status).toBe(201);
    expect(stopped.json).toMatchObject({ notes: 'pairing', hours: 0.25 });
  });

  it('records once when two stops race', async () => {
    const mary = engineer();
    await timerStartedAgo(mary, 0.5);

    const both = await Promise.all([stop(mary), stop(mary)]);

    expect(both.map((response) => response.status).sort()).toEqual([201, 404]);
  });

  it('answers 404 naming the timer when none runs', async () => {
    const response = await stop(engineer());

    expect(response.status).toBe(404);
    expect(response.json.errors).toEqual([{ field: 'timer', problem: 'is not running' }]);
  });

  it('refuses to stop a timer that ran past midnight until the person says how many hours, then records them on its day', async () => {
    const mary = engineer();
    await timerStartedAgo(mary, 30);
    const startedOn = new Date(Date.now() - 30 * HOUR_MS).toISOString().slice(0, 10);
    expect((await current(mary)).json.timer).toMatchObject({ pastMidnight: true, startedOn });

    const refused = await stop(mary);
    expect(refused.status).toBe(409);
    expect(refused.json.errors).toEqual([{ field: 'hours', problem: expect.stringContaining('ran past midnight') }]);
    expect((await current(mary)).json.timer).not.toBeNull();

    const stopped = await stop(mary, { hours: 3.5 });
    expect(stopped.status).toBe(201);
    expect(stopped.json).toMatchObject({ date: startedOn, hours: 3.5 });
  });

  it('refuses to stop into a submitted week, and the timer keeps running', async () => {
    const mary = engineer();
    await timerStartedAgo(mary, 1);
    const today = new Date().toISOString().slice(0, 10);
    await localDynamo().send(
      new PutCommand({
        TableName: weeksTable(),
        Item: { engineerId: mary.id, week: weekOf(today), state: 'submitted', revision: 1, history: [] },
      }),
    );

    const refused = await stop(mary);

    expect(refused.status).toBe(409);
    expect(refused.json.errors?.[0]).toMatchObject({ field: 'date', problem: expect.stringContaining('submitted') });
    expect((await current(mary)).json.timer).not.toBeNull();
  });

  it('discards a timer without recording, and answers 404 when there is none', async () => {
    const mary = engineer();
    await start(mary);

    const discarded = await api({ method: 'DELETE', route: 'DELETE /timer', path: '/timer', as: mary });
    const again = await api({ method: 'DELETE', route: 'DELETE /timer', path: '/timer', as: mary });

    expect([discarded.status, again.status]).toEqual([204, 404]);
    expect((await current(mary)).json.timer).toBeNull();
  });

  it.each([
    ['a missing activity', { customer: 'Acme', project: 'P' }, 'activity'],
    ['an unknown time zone', { ...startBody, timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['an unknown field', { ...startBody, engineerId: 'someone-else' }, 'engineerId'],
  ])('refuses a start with %s (400 naming the field)', async (_case, body, field) => {
    const response = await start(engineer(), body);

    expect(response.status).toBe(400);
    expect(response.json.errors.map((error) => error.field)).toContain(field);
  });

  it('refuses a stop with hours out of range (400 naming hours)', async () => {
    const mary = engineer();
    await timerStartedAgo(mary, 1);

    const response = await stop(mary, { hours: 25 });

    expect(response.status).toBe(400);
    expect(response.json.errors.map((error) => error.field)).toContain('hours');
  });
});
