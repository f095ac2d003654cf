import { randomUUID } from 'node:crypto';
import { loadEvent } from '@test-support/events';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type Client,
  closeDynamo,
  newEngineer,
  newManager,
  rawApi,
  type StoredActivity,
  storedForEngineer,
} from './support/api';

interface ErrorBody {
  message: string;
  errors: { field: string; problem: string }[];
}

/** The body of the real API Gateway sample event, without the engineer: that is the signed-in caller now. */
function sampleActivity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const event = loadEvent<APIGatewayProxyEventV2>('apigw', 'post-activity');
  const { engineer: _caller, ...body } = JSON.parse(event.body ?? '{}') as Record<string, unknown>;
  return { ...body, ...overrides };
}

// Each test signs in as a new engineer, so tests sharing one table do not see each other's records.
let me: Client;
beforeEach(() => {
  me = newEngineer('Mary Major');
});

/** An origin the local API allows: the global setup allows the port the browser tests serve the site on. */
function allowedOrigin(): string {
  const origin = process.env.RUNWAY_CORS_ORIGINS?.split(',')[0];
  if (!origin) throw new Error('RUNWAY_CORS_ORIGINS is not set: run integration tests through jest (global setup)');
  return origin;
}

afterAll(() => closeDynamo());

describe('POST /activities', () => {
  it('stores the record and returns it with 201, id and timestamps', async () => {
    const input = sampleActivity();

    const response = await me.postJson<StoredActivity>('/activities', input);

    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ ...input, engineerId: me.person.id, engineer: me.person.name });
    expect(response.json.recordedBy).toBeUndefined();
    expect(response.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json.createdAt).toBe(response.json.updatedAt);
    const stored = await storedForEngineer(me.person.name);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ ...input, id: response.json.id, engineerId: me.person.id });
  });

  it('trims strings before validating and storing them', async () => {
    const response = await me.postJson<StoredActivity>('/activities', sampleActivity({ customer: '  Trim Corp  ' }));

    expect(response.status).toBe(201);
    expect(response.json.customer).toBe('Trim Corp');
    expect((await storedForEngineer(me.person.name))[0]?.customer).toBe('Trim Corp');
  });

  it.each([
    ['engineer', { engineer: 'Someone Else' }, 'is not an allowed field'],
    ['customer', { customer: undefined }, 'is required'],
    ['customer', { customer: '   ' }, 'must not be empty'],
    ['customer', { customer: 'x'.repeat(101) }, 'must NOT have more than 100 characters'],
    ['project', { project: 42 }, 'must be string'],
    ['activity', { activity: 'y'.repeat(201) }, 'must NOT have more than 200 characters'],
    ['date', { date: '23/11/2026' }, 'must match pattern "^\\d{4}-\\d{2}-\\d{2}$"'],
    ['date', { date: '2026-02-30' }, 'must be a real calendar date (YYYY-MM-DD)'],
    ['date', { date: '2999-01-01' }, 'must not be more than 28 days in the future'],
    ['hours', { hours: 0 }, 'must be > 0'],
    ['hours', { hours: 24.5 }, 'must be <= 24'],
    ['hours', { hours: 1.234 }, 'must have at most two decimals'],
    ['hours', { hours: '2' }, 'must be number'],
    ['notes', { notes: 'z'.repeat(2001) }, 'must NOT have more than 2000 characters'],
    ['billable', { billable: true }, 'is not an allowed field'],
  ])('rejects a bad %s with 400 naming the field, and stores nothing', async (field, overrides, problem) => {
    const input = sampleActivity(overrides);

    const response = await me.postJson<ErrorBody>('/activities', input);

    expect(response.status).toBe(400);
    expect(response.json.errors).toContainEqual({ field, problem });
    expect(await storedForEngineer(me.person.name)).toHaveLength(0);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await me.postJson<ErrorBody>('/activities', '{"customer": ');

    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      message: 'Request body is not valid JSON',
      errors: [{ field: 'body', problem: 'is not valid JSON' }],
    });
  });

  it('answers 400 when the JSON body is not an object', async () => {
    const response = await me.postJson<ErrorBody>('/activities', '[1,2]');

    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: 'body', problem: 'must be a JSON object' }]);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await me.api<ErrorBody>('/activities', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });

    expect(response.status).toBe(415);
    expect(response.json.message).toBe('Content-Type must be application/json');
  });

  it('answers 413 for a body over 16 KB', async () => {
    const response = await me.postJson<ErrorBody>('/activities', sampleActivity({ notes: 'n'.repeat(17 * 1024) }));

    expect(response.status).toBe(413);
    expect(response.json.message).toBe('Request body is larger than 16384 bytes');
  });
});

describe('Idempotency-Key', () => {
  it('stores one record for a retried submission and answers the repeat with 200', async () => {
    const input = sampleActivity();
    const key = randomUUID();

    const first = await me.postJson<StoredActivity>('/activities', input, { 'Idempotency-Key': key });
    const repeat = await me.postJson<StoredActivity>('/activities', input, { 'Idempotency-Key': key });

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(200);
    expect(repeat.json).toEqual(first.json);
    expect(await storedForEngineer(me.person.name)).toHaveLength(1);
  });

  it('stores one record when a double click sends the same key twice at once', async () => {
    const input = sampleActivity();
    const key = randomUUID();

    const responses = await Promise.all(
      [1, 2, 3].map(() => me.postJson<StoredActivity>('/activities', input, { 'Idempotency-Key': key })),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(responses.map((response) => response.json.id)).size).toBe(1);
    expect(await storedForEngineer(me.person.name)).toHaveLength(1);
  });

  it('answers 409 when the same key comes with a different body', async () => {
    const input = sampleActivity();
    const key = randomUUID();
    await me.postJson('/activities', input, { 'Idempotency-Key': key });

    const response = await me.postJson<ErrorBody>('/activities', { ...input, hours: 7 }, { 'Idempotency-Key': key });

    expect(response.status).toBe(409);
    expect(response.json.errors).toEqual([
      { field: 'Idempotency-Key', problem: 'was already used with a different request body' },
    ]);
    const stored = await storedForEngineer(me.person.name);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.hours).toBe(input.hours);
  });

  it('rejects a key with characters outside visible ASCII', async () => {
    const response = await me.postJson<ErrorBody>('/activities', sampleActivity(), { 'Idempotency-Key': 'a b' });

    expect(response.status).toBe(400);
    expect(response.json.errors[0]?.field).toBe('Idempotency-Key');
  });
});

describe('GET, PUT and DELETE /activities/{id}', () => {
  it('reads, replaces and deletes a record', async () => {
    const created = await me.postJson<StoredActivity>('/activities', sampleActivity());
    const { id } = created.json;

    const read = await me.api<StoredActivity>(`/activities/${id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json);

    const { notes: _dropped, ...replacement } = sampleActivity({ hours: 8 });
    const replaced = await me.putJson<StoredActivity>(`/activities/${id}`, replacement);
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({
      ...replacement,
      id,
      engineerId: me.person.id,
      createdAt: created.json.createdAt,
    });
    expect(replaced.json.notes).toBeUndefined();
    expect(replaced.json.updatedBy).toBeUndefined();
    expect(replaced.json.updatedAt >= created.json.updatedAt).toBe(true);
    expect((await storedForEngineer(created.json.engineer))[0]?.hours).toBe(8);

    const deleted = await me.api(`/activities/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await storedForEngineer(created.json.engineer)).toHaveLength(0);
  });

  it("moves a record a manager gives to someone else between the engineers' filters", async () => {
    const created = await me.postJson<StoredActivity>('/activities', sampleActivity());
    const other = newEngineer('Reassigned');
    const manager = newManager();

    const moved = await manager.putJson<StoredActivity>(
      `/activities/${created.json.id}`,
      sampleActivity({ onBehalfOf: { id: other.person.id, name: other.person.name } }),
    );

    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ engineerId: other.person.id, engineer: other.person.name });
    expect(moved.json.updatedBy).toEqual({ id: manager.person.id, name: manager.person.name });
    expect(await storedForEngineer(me.person.name)).toHaveLength(0);
    expect(await storedForEngineer(other.person.name)).toHaveLength(1);
  });

  it.each([
    ['GET', undefined],
    ['PUT', sampleActivity()],
    ['DELETE', undefined],
  ])('answers 404 with a JSON error for %s of an unknown id', async (method, body) => {
    const response = await me.api<ErrorBody>('/activities/00000000-0000-4000-8000-000000000000', {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

    expect(response.status).toBe(404);
    expect(response.json.errors).toEqual([{ field: 'id', problem: 'does not exist' }]);
  });

  it('validates a replacement like a new record', async () => {
    const created = await me.postJson<StoredActivity>('/activities', sampleActivity());

    const response = await me.putJson<ErrorBody>(`/activities/${created.json.id}`, { ...sampleActivity(), hours: -1 });

    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: 'hours', problem: 'must be > 0' }]);
    expect((await me.api<StoredActivity>(`/activities/${created.json.id}`)).json).toEqual(created.json);
  });

  it('answers 400 naming the id when it is not an id', async () => {
    const response = await me.api<ErrorBody>('/activities/not-an-id');

    expect(response.status).toBe(400);
    expect(response.json.errors[0]?.field).toBe('id');
  });
});

describe('concurrency', () => {
  it('stores all of 50 concurrent POSTs', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) => me.postJson('/activities', sampleActivity({ hours: (n % 8) + 1 }))),
    );

    const statuses = responses.map((response) =>
      `${response.status} ${response.status === 201 ? '' : response.text}`.trim(),
    );
    expect(statuses).toEqual(Array(50).fill('201'));
    expect(await storedForEngineer(me.person.name)).toHaveLength(50);
  });
});

describe('HTTP edges', () => {
  it('answers 404 for an unknown route', async () => {
    const response = await me.api('/nothing-here');

    expect(response.status).toBe(404);
    expect(response.json).toBeDefined();
  });

  it('answers a CORS preflight from an allowed origin without a token', async () => {
    const response = await rawApi('/activities', {
      method: 'OPTIONS',
      headers: {
        Origin: allowedOrigin(),
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowedOrigin());
    const allowed = response.headers.get('access-control-allow-headers')?.toLowerCase();
    expect(allowed).toContain('idempotency-key');
    expect(allowed).toContain('authorization');
  });

  it('keeps CORS headers on error responses', async () => {
    const response = await me.api('/activities', {
      method: 'POST',
      headers: { Origin: allowedOrigin(), 'Content-Type': 'application/json' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowedOrigin());
  });

  it('gives no CORS grant to a preflight from an origin that is not allowed', async () => {
    const response = await rawApi('/activities', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
