import type { Caller } from '@shared/auth/caller';
import { dynamoWeekEntries } from '../src/weeks/week-entries';
import { transactWrite, weekGate } from '../src/weeks/week-gate';
import { planTransition } from '../src/weeks/week-state';
import { dynamoWeekStore } from '../src/weeks/week-store';
import { activitiesTable, closeLocalDynamo, freshId, localDynamo, putOwnedActivity, weeksTable } from './support/weeks';

const now = new Date('2026-12-01T10:00:00Z');
const manager = (id: string): Caller => ({ id, email: `${id}@example.com`, name: id, roles: ['manager'] });

afterAll(closeLocalDynamo);

function setup() {
  const store = dynamoWeekStore(localDynamo(), weeksTable());
  const engineer: Caller = { id: freshId('eng'), email: 'e@example.com', name: 'Mary Major', roles: ['engineer'] };
  const submit = () =>
    store.apply(
      { engineerId: engineer.id, week: '2026-W53' },
      planTransition({ action: 'submit', actor: engineer, engineerId: engineer.id, now }),
      0,
      {
        engineer: engineer.name,
        engineerEmail: engineer.email,
        submitted: { revision: 0, hours: { byDate: {}, week: 8 } },
      },
    );
  return { store, engineer, submit };
}

describe('week store on DynamoDB (dynalite)', () => {
  test('a first submit creates the week item with its history entry', async () => {
    const { store, engineer, submit } = setup();
    await submit();
    const stored = await store.get(engineer.id, '2026-W53');
    expect(stored).toMatchObject({ state: 'submitted', engineer: 'Mary Major', submittedHours: 8 });
    expect(stored?.history).toEqual([expect.objectContaining({ action: 'submit', byId: engineer.id })]);
  });

  test('a step from the wrong state writes nothing', async () => {
    const { store, engineer, submit } = setup();
    await submit();
    expect(await submit()).toBeUndefined();
    expect((await store.get(engineer.id, '2026-W53'))?.history).toHaveLength(1);
  });

  test('two managers deciding at once: exactly one decision is stored', async () => {
    const { store, engineer, submit } = setup();
    await submit();
    const key = { engineerId: engineer.id, week: '2026-W53' };
    const results = await Promise.all([
      store.apply(key, planTransition({ action: 'approve', actor: manager('m1'), engineerId: engineer.id, now }), 0),
      store.apply(
        key,
        planTransition({ action: 'reject', actor: manager('m2'), engineerId: engineer.id, comment: 'No', now }),
        0,
      ),
    ]);
    expect(results.filter((result) => result !== undefined)).toHaveLength(1);
    const stored = await store.get(engineer.id, '2026-W53');
    expect(stored?.history.map((entry) => entry.action)).toEqual(['submit', expect.stringMatching(/approve|reject/)]);
  });

  test('the pending list reads the submitted weeks from the state index', async () => {
    const { store, engineer, submit } = setup();
    await submit();
    const pending = await store.listByState('submitted', { from: '2026-W53', to: '2026-W53' });
    expect(pending.map((item) => item.engineerId)).toContain(engineer.id);
  });

  test('a week is marked reminded once', async () => {
    const { store, engineer } = setup();
    expect(await store.markReminded(engineer.id, '2026-W49', 'Mary', now.toISOString())).toBe(true);
    expect(await store.markReminded(engineer.id, '2026-W49', 'Mary', now.toISOString())).toBe(false);
    expect(await store.get(engineer.id, '2026-W49')).toMatchObject({ state: 'open', remindedAt: now.toISOString() });
  });

  test("one engineer's week across the year boundary comes from the byEngineerId index, and only that week", async () => {
    const engineerId = freshId('eng');
    await putOwnedActivity(engineerId, { date: '2026-12-27', hours: 1 }); // Sunday of W52
    const monday = await putOwnedActivity(engineerId, { date: '2026-12-28', hours: 2 });
    const sunday = await putOwnedActivity(engineerId, { date: '2027-01-03', hours: 3 });
    await putOwnedActivity(engineerId, { date: '2027-01-04', hours: 4 }); // Monday of 2027-W01
    await putOwnedActivity(freshId('other'), { date: '2026-12-29', hours: 5 });
    const entries = await dynamoWeekEntries(localDynamo(), activitiesTable()).ofEngineer(engineerId, '2026-W53');
    expect(entries.map((entry) => entry.id).sort()).toEqual([monday, sunday].sort());
  });
});

describe('the week gate and the revision (one transaction per record write)', () => {
  const gate = (engineerId: string, week = '2026-W53') =>
    transactWrite(localDynamo(), [weekGate(weeksTable(), { engineerId, week })]);

  test('a write counts on the week’s revision while it is open; a step conditions on the revision it read', async () => {
    const { store, engineer } = setup();
    expect(await gate(engineer.id)).toEqual([]);
    expect(await gate(engineer.id)).toEqual([]);
    expect(await store.get(engineer.id, '2026-W53')).toMatchObject({ state: 'open', revision: 2, history: [] });
    const plan = planTransition({ action: 'submit', actor: engineer, engineerId: engineer.id, now });
    const submitted = {
      engineer: engineer.name,
      engineerEmail: engineer.email,
      submitted: { revision: 1, hours: { byDate: {}, week: 0 } },
    };
    // Read at revision 1, but a write landed since: the submit writes nothing.
    expect(await store.apply({ engineerId: engineer.id, week: '2026-W53' }, plan, 1, submitted)).toBeUndefined();
    expect(await store.apply({ engineerId: engineer.id, week: '2026-W53' }, plan, 2, submitted)).toMatchObject({
      state: 'submitted',
    });
  });

  test('a write into a submitted week fails its condition and changes nothing', async () => {
    const { store, engineer, submit } = setup();
    await submit();
    expect(await gate(engineer.id)).toEqual([0]);
    expect((await store.get(engineer.id, '2026-W53'))?.revision).toBeUndefined();
  });
});
