import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { bearer, closeDynamo, newEngineer, newManager, rawApi, testPerson, unique } from './support/api';

/**
 * Requests a signed-in user (or anyone) can send that once made the local API answer 500:
 * each must be a 4xx naming what is wrong. Over HTTP against the local stack.
 */
interface ErrorBody {
  message: string;
  errors: { field: string; problem: string }[];
}

afterAll(() => closeDynamo());

describe('a week whose days fall past 9999-12-31', () => {
  const engineer = newEngineer('Far Future');
  const manager = newManager('Far Future Manager');

  it.each([
    ['read', () => engineer.api<ErrorBody>('/weeks/9999-W52')],
    ['submitted', () => engineer.postJson<ErrorBody>('/weeks/9999-W52/submit', {})],
    ['approved', () => manager.postJson<ErrorBody>('/weeks/9999-W52/approve', { engineer: engineer.person.id })],
  ])('is a 400 naming the week when %s', async (_action, call) => {
    const response = await call();

    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ field: 'week' })]);
  });

  it('leaves the last week that fits, 9999-W51, readable', async () => {
    expect((await engineer.api('/weeks/9999-W51')).status).toBe(200);
  });
});

describe('a pagination cursor', () => {
  const manager = newManager('Cursor Manager');
  const project = unique('Cursor project');
  const cursorFor = (sortKey: string) =>
    Buffer.from(JSON.stringify({ i: 'byProject', k: { id: 'a1', sortKey, project } })).toString('base64url');

  it.each([
    ['of another shape', 'not-a-sort-key'],
    ['of another record’s id', '2026-01-10#2026-01-10T09:00:00.000Z#b2'],
    ['outside the dates asked for', '2025-12-31#2025-12-31T09:00:00.000Z#a1'],
  ])('naming a sort key %s is a 400 naming the cursor', async (_story, sortKey) => {
    const query = new URLSearchParams({ project, from: '2026-01-01', to: '2026-01-31', cursor: cursorFor(sortKey) });

    const response = await manager.api<ErrorBody>(`/activities?${query}`);

    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});

describe('tokens signed under a key id the issuer does not have', () => {
  it('are each refused with 401, however many arrive in a row', async () => {
    const someone = testPerson('Kid Tester');
    const strangeKey = () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID() };
    };

    const statuses: number[] = [];
    for (let n = 0; n < 3; n++) {
      const response = await rawApi<ErrorBody>('/activities', { headers: bearer(someone, { key: strangeKey() }) });
      statuses.push(response.status);
      expect(response.json.errors).toEqual([{ field: 'Authorization', problem: 'is not signed by the issuer' }]);
    }

    expect(statuses).toEqual([401, 401, 401]);
  });
});

describe('replaying an Idempotency-Key', () => {
  it('does not return the record once a manager has given it to another engineer', async () => {
    const first = newEngineer('Replayer');
    const other = newEngineer('New Owner');
    const manager = newManager('Reassigning Manager');
    const key = randomUUID();
    const input = { customer: 'Acme Corp', project: 'Replay', activity: 'Build', date: '2026-11-23', hours: 2 };
    const created = await first.postJson<{ id: string }>('/activities', input, { 'Idempotency-Key': key });
    await manager.putJson(`/activities/${created.json.id}`, {
      ...input,
      notes: 'Salary review notes of the new owner',
      onBehalfOf: { id: other.person.id, name: other.person.name },
    });

    const replay = await first.postJson<ErrorBody>('/activities', input, { 'Idempotency-Key': key });

    expect(created.status).toBe(201);
    expect(replay.status).toBe(403);
    expect(replay.text).not.toContain('Salary review notes');
  });

  it('still returns the record to its creator while it is theirs', async () => {
    const engineer = newEngineer('Retrier');
    const key = randomUUID();
    const input = { customer: 'Acme Corp', project: 'Replay', activity: 'Build', date: '2026-11-23', hours: 1 };
    const created = await engineer.postJson<{ id: string }>('/activities', input, { 'Idempotency-Key': key });

    const replay = await engineer.postJson<{ id: string }>('/activities', input, { 'Idempotency-Key': key });

    expect(replay.status).toBe(200);
    expect(replay.json.id).toBe(created.json.id);
  });
});
