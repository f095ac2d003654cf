import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { localPerson, signIn } from '../../../test-support/tokens';
import {
  bearer,
  closeDynamo,
  newEngineer,
  newManager,
  rawApi,
  type StoredActivity,
  signedInAs,
  storedForEngineer,
  testPerson,
  unique,
} from './support/api';

interface ErrorBody {
  message: string;
  errors: { field: string; problem: string }[];
}

const activity = (overrides: Record<string, unknown> = {}) => ({
  customer: 'Acme Corp',
  project: 'Sign-in',
  activity: 'Review',
  date: '2026-11-23',
  hours: 1.5,
  ...overrides,
});

/** An origin the local API allows: the global setup allows the port the browser tests serve the site on. */
function allowedOrigin(): string {
  const origin = process.env.RUNWAY_CORS_ORIGINS?.split(',')[0];
  if (!origin) throw new Error('RUNWAY_CORS_ORIGINS is not set: run integration tests through jest (global setup)');
  return origin;
}

afterAll(() => closeDynamo());

describe('a request without a valid token', () => {
  const someone = testPerson('Token Tester');
  const otherKey = () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID() };
  };

  it.each([
    ['no Authorization header', {}, 'is missing: sign in and send the ID token'],
    ['a header that is not a bearer token', { Authorization: 'Basic bWFyeTpwYXNz' }, 'must be "Bearer <ID token>"'],
    ['a token that is not a JWT', { Authorization: 'Bearer not-a-jwt' }, 'is not a JWT'],
    ['an expired token', bearer(someone, { expiresIn: -60 }), 'has expired'],
    ['a token signed with another key', bearer(someone, { key: otherKey() }), 'is not signed by the issuer'],
    [
      'a token signed with another key under the issuer key id',
      bearer(someone, { key: { ...otherKey(), kid: JSON.parse(String(process.env.RUNWAY_OIDC_SIGNING_KEY)).kid } }),
      'is not signed by the issuer',
    ],
    [
      'a token from another issuer',
      bearer(someone, { issuer: 'https://evil.example' }),
      'is not from the expected issuer',
    ],
    [
      'a token for another audience',
      bearer(someone, { audience: 'another-app' }),
      'is not for this API (wrong audience)',
    ],
  ])('is refused with 401 naming Authorization: %s', async (_case, headers, problem) => {
    const response = await rawApi<ErrorBody>('/activities', { headers });

    expect(response.status).toBe(401);
    expect(response.json).toEqual({ message: 'Sign-in required', errors: [{ field: 'Authorization', problem }] });
  });

  it.each([
    ['POST', '/activities'],
    ['GET', '/activities/00000000-0000-4000-8000-000000000000'],
    ['PUT', '/activities/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/activities/00000000-0000-4000-8000-000000000000'],
    ['GET', '/summary?groupBy=customer'],
    ['GET', '/activities.csv'],
  ])('is refused on %s %s before the body is read or stored', async (method, path) => {
    const response = await rawApi<ErrorBody>(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: method === 'POST' || method === 'PUT' ? '{"not":"valid"' : undefined,
    });

    expect(response.status).toBe(401);
    expect(response.json.errors[0]?.field).toBe('Authorization');
  });

  it('is refused even with an authorizer context forged through the offline override header', async () => {
    const forged = { jwt: { claims: { sub: 'x', name: 'Forger', 'cognito:groups': '[managers]' }, scopes: null } };

    const response = await rawApi<ErrorBody>('/summary?groupBy=engineer', {
      headers: { 'sls-offline-authorizer-override': JSON.stringify(forged) },
    });

    expect(response.status).toBe(401);
  });

  it('keeps its CORS headers on the 401', async () => {
    const response = await rawApi('/activities', { headers: { Origin: allowedOrigin() } });

    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowedOrigin());
  });
});

describe('a signed-in person without a role', () => {
  it('is refused with 403 naming the role', async () => {
    const nobody = signedInAs(testPerson(unique('No Group'), []));

    const response = await nobody.postJson<ErrorBody>('/activities', activity());

    expect(response.status).toBe(403);
    expect(response.json.errors).toEqual([{ field: 'role', problem: 'must be engineer or manager' }]);
  });
});

describe('an engineer', () => {
  const mary = newEngineer('Mary');
  const diego = newEngineer('Diego');
  let marys: StoredActivity;

  beforeAll(async () => {
    marys = (await mary.postJson<StoredActivity>('/activities', activity())).json;
  });

  it('owns what they record: their id and name, whatever else the body says', async () => {
    expect(marys).toMatchObject({ engineerId: mary.person.id, engineer: mary.person.name });
    const refused = await mary.postJson<ErrorBody>('/activities', activity({ engineer: 'Diego' }));
    expect(refused.status).toBe(400);
  });

  it('lists and exports only their own records', async () => {
    await diego.postJson('/activities', activity());

    const list = await mary.api<{ items: StoredActivity[] }>('/activities?customer=Acme%20Corp&limit=100');
    const csv = await mary.api('/activities.csv?customer=Acme%20Corp');

    expect(list.status).toBe(200);
    expect(list.json.items.length).toBeGreaterThan(0);
    expect(list.json.items.every((item) => item.engineerId === mary.person.id)).toBe(true);
    expect(csv.text).toContain(mary.person.name);
    expect(csv.text).not.toContain(diego.person.name);
    expect(csv.text).not.toContain(marys.id);
  });

  it.each([
    ['read', 'GET'],
    ['change', 'PUT'],
    ['delete', 'DELETE'],
  ])("may not %s another engineer's record (403)", async (action, method) => {
    const response = await diego.api<ErrorBody>(`/activities/${marys.id}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: method === 'PUT' ? JSON.stringify(activity({ hours: 9 })) : undefined,
    });

    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      message: `Engineers may only ${action} their own activities`,
      errors: [{ field: 'id', problem: 'belongs to someone else' }],
    });
    expect((await mary.api<StoredActivity>(`/activities/${marys.id}`)).json).toEqual(marys);
  });

  it.each([
    ['list', '/activities'],
    ['export', '/activities.csv'],
  ])("may not %s another engineer's records by id (403)", async (_action, path) => {
    const response = await diego.api<ErrorBody>(`${path}?engineerId=${mary.person.id}`);

    expect(response.status).toBe(403);
    expect(response.json.errors).toEqual([
      { field: 'engineerId', problem: 'must be your own id unless you are a manager' },
    ]);
  });

  it('sees the totals of their own records only in the summary', async () => {
    await diego.postJson('/activities', activity());

    const response = await mary.api<{ groups: { key: string }[] }>('/summary?groupBy=engineer');

    expect(response.status).toBe(200);
    expect(response.json.groups.map((group) => group.key)).toEqual([mary.person.name]);
  });

  it("may not ask the summary for another engineer's records (403)", async () => {
    const response = await diego.api<ErrorBody>(`/summary?groupBy=month&engineerId=${mary.person.id}`);

    expect(response.status).toBe(403);
    expect(response.json.errors).toEqual([
      { field: 'engineerId', problem: 'must be your own id unless you are a manager' },
    ]);
  });

  it('may not record on behalf of someone else (403) and stores nothing for them', async () => {
    const response = await diego.postJson<ErrorBody>(
      '/activities',
      activity({ onBehalfOf: { id: mary.person.id, name: mary.person.name } }),
    );

    expect(response.status).toBe(403);
    expect(response.json.errors).toEqual([{ field: 'onBehalfOf', problem: 'is only allowed for managers' }]);
  });

  it('changes and deletes their own record', async () => {
    const own = (await diego.postJson<StoredActivity>('/activities', activity())).json;

    const changed = await diego.putJson<StoredActivity>(`/activities/${own.id}`, activity({ hours: 3 }));
    const deleted = await diego.api(`/activities/${own.id}`, { method: 'DELETE' });

    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ hours: 3, engineerId: diego.person.id });
    expect(deleted.status).toBe(204);
  });
});

describe('a manager', () => {
  const lead = newManager('Lead');
  const mary = newEngineer('Mary');

  it("reads, corrects and deletes an engineer's record, and the record says who changed it", async () => {
    const marys = (await mary.postJson<StoredActivity>('/activities', activity())).json;

    const read = await lead.api<StoredActivity>(`/activities/${marys.id}`);
    const corrected = await lead.putJson<StoredActivity>(`/activities/${marys.id}`, activity({ hours: 2 }));
    const deleted = await lead.api(`/activities/${marys.id}`, { method: 'DELETE' });

    expect(read.json).toEqual(marys);
    expect(corrected.json).toMatchObject({ engineerId: mary.person.id, engineer: mary.person.name, hours: 2 });
    expect(corrected.json.updatedBy).toEqual({ id: lead.person.id, name: lead.person.name });
    expect(deleted.status).toBe(204);
  });

  it('records on behalf of an engineer, and the record says so', async () => {
    const response = await lead.postJson<StoredActivity>(
      '/activities',
      activity({ onBehalfOf: { id: mary.person.id, name: mary.person.name } }),
    );

    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      engineerId: mary.person.id,
      engineer: mary.person.name,
      recordedBy: { id: lead.person.id, name: lead.person.name },
    });
    const own = await mary.api<StoredActivity>(`/activities/${response.json.id}`);
    expect(own.status).toBe(200);
  });

  it("sees everyone's records, the summary by engineer and everyone's CSV", async () => {
    const customer = unique('Team Corp');
    const diego = newEngineer('Diego');
    await mary.postJson('/activities', activity({ customer, hours: 1 }));
    await diego.postJson('/activities', activity({ customer, hours: 2 }));

    const list = await lead.api<{ items: StoredActivity[] }>(`/activities?${new URLSearchParams({ customer })}`);
    const summary = await lead.api<{ groups: { key: string; hours: number }[] }>(
      '/summary?groupBy=engineer&from=2026-11-23&to=2026-11-23',
    );
    const csv = await lead.api(`/activities.csv?${new URLSearchParams({ customer })}`);

    expect(new Set(list.json.items.map((item) => item.engineer))).toEqual(
      new Set([mary.person.name, diego.person.name]),
    );
    expect(summary.json.groups).toEqual(
      expect.arrayContaining([
        { key: mary.person.name, hours: expect.any(Number), count: expect.any(Number) },
        { key: diego.person.name, hours: 2, count: 1 },
      ]),
    );
    expect(csv.text).toContain(mary.person.name);
    expect(csv.text).toContain(diego.person.name);
    expect(csv.text).not.toContain(mary.person.id);
  });
});

describe('Idempotency-Key per caller', () => {
  it('makes the same key from two people two records', async () => {
    const mary = newEngineer('Mary');
    const diego = newEngineer('Diego');
    const key = randomUUID();

    const first = await mary.postJson<StoredActivity>('/activities', activity(), { 'Idempotency-Key': key });
    const second = await diego.postJson<StoredActivity>('/activities', activity(), { 'Idempotency-Key': key });
    const repeat = await mary.postJson<StoredActivity>('/activities', activity(), { 'Idempotency-Key': key });

    expect([first.status, second.status, repeat.status]).toEqual([201, 201, 200]);
    expect(second.json.id).not.toBe(first.json.id);
    expect(second.json.engineerId).toBe(diego.person.id);
    expect(repeat.json).toEqual(first.json);
    expect(await storedForEngineer(mary.person.name)).toHaveLength(1);
    expect(await storedForEngineer(diego.person.name)).toHaveLength(1);
  });
});

describe('the local issuer', () => {
  it("signs a seeded engineer in through its code flow, and the API accepts the issuer's token", async () => {
    const mary = localPerson('mary@runway.local');
    const tokens = await signIn(mary.email, mary.password);

    const response = await rawApi<StoredActivity>('/activities', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.idToken}` },
      body: JSON.stringify(activity({ project: unique('Seeded') })),
    });

    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ engineerId: mary.id, engineer: mary.name });
    expect(tokens.refreshToken).toBeDefined();
  });

  it('refuses a wrong password', async () => {
    await expect(signIn('mary@runway.local', 'wrong')).rejects.toThrow('refused the password');
  });
});
