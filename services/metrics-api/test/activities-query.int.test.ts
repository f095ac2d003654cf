import {
  type Client,
  closeDynamo,
  newManager,
  type StoredActivity,
  signedInAs,
  testPerson,
  unique,
} from './support/api';

interface Page {
  items: StoredActivity[];
  nextCursor: string | null;
}

interface ErrorBody {
  message: string;
  errors: { field: string; problem: string }[];
}

const base = { activity: 'Pairing', hours: 1 };

/** An engineer with this exact display name (the tests below check names in results). */
const engineerNamed = (name: string): Client => signedInAs(testPerson(name, ['engineers']));

type Fields = Partial<Omit<StoredActivity, 'engineer'>> & Pick<StoredActivity, 'customer' | 'project' | 'date'>;

async function create(owner: Client, fields: Fields) {
  const response = await owner.postJson<StoredActivity>('/activities', { ...base, ...fields });
  expect(response.status).toBe(201);
  return response.json;
}

/** Creates `count` records a few at a time, as a busy team would. */
async function createMany(count: number, make: (n: number) => [Client, Fields]): Promise<StoredActivity[]> {
  const created: StoredActivity[] = [];
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, n) => create(...make(start + n)));
    created.push(...(await Promise.all(batch)));
  }
  return created;
}

// The team views (every engineer's records, the summary) are a manager's.
const manager = newManager('Query Manager');
const api = manager.api;

afterAll(() => closeDynamo());

describe('GET /activities filters', () => {
  const customer = unique('Filter Corp');
  const otherCustomer = unique('Other Corp');
  const projectA = unique('Project A');
  const projectB = unique('Project B');
  const aliceClient = engineerNamed(unique('Alice'));
  const alice = aliceClient.person.name;
  const bob = engineerNamed(unique('Bob'));
  let records: StoredActivity[];

  beforeAll(async () => {
    records = [
      await create(aliceClient, { customer, project: projectA, date: '2026-01-05' }),
      await create(bob, { customer, project: projectA, date: '2026-01-10' }),
      await create(aliceClient, { customer, project: projectB, date: '2026-01-15' }),
      await create(aliceClient, { customer: otherCustomer, project: projectB, date: '2026-01-20' }),
    ];
  });

  const ids = (page: Page) => page.items.map((item) => item.id);
  const byIndex = (...indexes: number[]) => indexes.map((n) => records[n]?.id);

  it('filters by customer, newest first', async () => {
    const page = await api<Page>(`/activities?customer=${encodeURIComponent(customer)}`);

    expect(page.status).toBe(200);
    expect(ids(page.json)).toEqual(byIndex(2, 1, 0));
    expect(page.json.nextCursor).toBeNull();
  });

  it('filters by project', async () => {
    const page = await api<Page>(`/activities?project=${encodeURIComponent(projectB)}`);

    expect(ids(page.json)).toEqual(byIndex(3, 2));
  });

  it('filters by engineer', async () => {
    const page = await api<Page>(`/activities?engineer=${encodeURIComponent(alice)}`);

    expect(ids(page.json)).toEqual(byIndex(3, 2, 0));
  });

  it("filters by engineer id, and an engineer's own list is theirs alone", async () => {
    const byId = await api<Page>(`/activities?engineerId=${aliceClient.person.id}`);
    const own = await aliceClient.api<Page>(`/activities?${new URLSearchParams({ customer })}`);

    expect(ids(byId.json)).toEqual(byIndex(3, 2, 0));
    expect(ids(own.json)).toEqual(byIndex(2, 0));
  });

  it('combines engineer, customer and project filters', async () => {
    const query = new URLSearchParams({ engineer: alice, customer, project: projectB });

    const page = await api<Page>(`/activities?${query}`);

    expect(ids(page.json)).toEqual(byIndex(2));
  });

  it('filters by an inclusive date range', async () => {
    const query = new URLSearchParams({ engineer: alice, from: '2026-01-05', to: '2026-01-15' });

    const page = await api<Page>(`/activities?${query}`);

    expect(ids(page.json)).toEqual(byIndex(2, 0));
  });

  it('filters by from alone and by to alone', async () => {
    const from = await api<Page>(`/activities?${new URLSearchParams({ customer, from: '2026-01-10' })}`);
    const to = await api<Page>(`/activities?${new URLSearchParams({ customer, to: '2026-01-10' })}`);

    expect(ids(from.json)).toEqual(byIndex(2, 1));
    expect(ids(to.json)).toEqual(byIndex(1, 0));
  });

  it.each([
    ['limit', 'limit=101'],
    ['limit', 'limit=abc'],
    ['from', 'from=2026-02-30'],
    ['from', 'from=2026-02-10&to=2026-02-01'],
    ['cursor', 'cursor=not-a-cursor'],
    ['colour', 'colour=blue'],
  ])('rejects a bad %s with 400', async (field, query) => {
    const response = await api<ErrorBody>(`/activities?${query}`);

    expect(response.status).toBe(400);
    expect(response.json.errors.map((error) => error.field)).toContain(field);
  });

  it('rejects a cursor from another filter', async () => {
    const first = await api<Page>(`/activities?${new URLSearchParams({ customer, limit: '1' })}`);

    const response = await api<ErrorBody>(
      `/activities?${new URLSearchParams({ engineer: alice, cursor: String(first.json.nextCursor) })}`,
    );

    expect(response.status).toBe(400);
    expect(response.json.errors[0]?.field).toBe('cursor');
  });
});

describe('GET /activities pagination', () => {
  it('pages through 250 records without gaps or repeats, newest first', async () => {
    const customer = unique('Paging Corp');
    const engineers = Array.from({ length: 7 }, (_, n) => engineerNamed(`Engineer ${n}`));
    const created = await createMany(250, (n) => [
      engineers[n % 7] as Client,
      {
        customer,
        project: 'Paging',
        date: `2025-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
      },
    ]);

    const seen: StoredActivity[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ customer, limit: '100', ...(cursor ? { cursor } : {}) });
      const page: { status: number; json: Page } = await api<Page>(`/activities?${query}`);
      expect(page.status).toBe(200);
      pageSizes.push(page.json.items.length);
      seen.push(...page.json.items);
      cursor = page.json.nextCursor;
    } while (cursor);

    expect(pageSizes).toEqual([100, 100, 50]);
    expect(new Set(seen.map((item) => item.id))).toEqual(new Set(created.map((item) => item.id)));
    const keys = seen.map((item) => `${item.date}#${item.createdAt}#${item.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('pages a filtered query that the index does not cover', async () => {
    const customer = unique('Sparse Corp');
    const project = unique('Sparse');
    const sparse = engineerNamed('Sparse engineer');
    await createMany(30, (n) => [sparse, { customer, project: n % 3 === 0 ? project : 'Other', date: '2025-06-01' }]);

    const first = await api<Page>(`/activities?${new URLSearchParams({ customer, project, limit: '4' })}`);
    const second = await api<Page>(
      `/activities?${new URLSearchParams({ customer, project, limit: '4', cursor: String(first.json.nextCursor) })}`,
    );
    const third = await api<Page>(
      `/activities?${new URLSearchParams({ customer, project, limit: '4', cursor: String(second.json.nextCursor) })}`,
    );

    expect([first.json.items.length, second.json.items.length, third.json.items.length]).toEqual([4, 4, 2]);
    expect(third.json.nextCursor).toBeNull();
    const all = [...first.json.items, ...second.json.items, ...third.json.items];
    expect(all.every((item) => item.project === project)).toBe(true);
    expect(new Set(all.map((item) => item.id)).size).toBe(10);
  });
});

describe('GET /summary', () => {
  it('totals hours and counts records per group within the date range', async () => {
    const acme = unique('Acme');
    const globex = unique('Globex');
    const s1 = engineerNamed('S1');
    const s2 = engineerNamed('S2');
    await create(s1, { customer: acme, project: 'P1', date: '2003-03-01', hours: 1.1 });
    await create(s2, { customer: acme, project: 'P2', date: '2003-03-02', hours: 2.2 });
    await create(s1, { customer: globex, project: 'P1', date: '2003-03-03', hours: 0.7 });
    await create(s1, { customer: globex, project: 'P1', date: '2003-04-01', hours: 5 });

    const byCustomer = await api(`/summary?groupBy=customer&from=2003-03-01&to=2003-03-31`);
    const byEngineer = await api(`/summary?groupBy=engineer&from=2003-03-01&to=2003-04-30`);

    expect(byCustomer.status).toBe(200);
    expect(byCustomer.json).toEqual({
      groupBy: 'customer',
      thenBy: null,
      source: 'totals',
      from: '2003-03-01',
      to: '2003-03-31',
      groups: [
        { key: acme, hours: 3.3, count: 2 },
        { key: globex, hours: 0.7, count: 1 },
      ],
      totalHours: 4,
      totalCount: 3,
    });
    expect(byEngineer.json).toMatchObject({
      groups: [
        { key: 'S1', hours: 6.8, count: 3 },
        { key: 'S2', hours: 2.2, count: 1 },
      ],
      totalHours: 9,
    });
  });

  it('applies every filter and groups by two dimensions (customer × month), months in time order', async () => {
    const initech = unique('Initech');
    const s3 = engineerNamed('S3');
    const s4 = engineerNamed('S4');
    await create(s3, { customer: initech, project: 'P1', date: '2004-05-03', hours: 1 });
    await create(s3, { customer: initech, project: 'P1', date: '2004-06-07', hours: 2 });
    await create(s3, { customer: initech, project: 'P2', date: '2004-06-08', hours: 4 });
    await create(s4, { customer: initech, project: 'P1', date: '2004-06-09', hours: 8 });

    const byMonth = await api(
      `/summary?groupBy=month&thenBy=project&customer=${encodeURIComponent(initech)}&engineer=S3`,
    );
    const byProjectThenMonth = await api(
      `/summary?groupBy=project&thenBy=month&customer=${encodeURIComponent(initech)}&from=2004-06-01&to=2004-06-30`,
    );

    expect(byMonth.status).toBe(200);
    expect(byMonth.json).toMatchObject({
      groupBy: 'month',
      thenBy: 'project',
      groups: [
        { key: '2004-05', subKey: 'P1', hours: 1, count: 1 },
        { key: '2004-06', subKey: 'P2', hours: 4, count: 1 },
        { key: '2004-06', subKey: 'P1', hours: 2, count: 1 },
      ],
      totalHours: 7,
    });
    expect(byProjectThenMonth.json).toMatchObject({
      groups: [
        { key: 'P1', subKey: '2004-06', hours: 10, count: 2 },
        { key: 'P2', subKey: '2004-06', hours: 4, count: 1 },
      ],
      totalHours: 14,
    });
  });

  it('rejects a missing or unknown groupBy', async () => {
    const missing = await api<ErrorBody>('/summary');
    const unknown = await api<ErrorBody>('/summary?groupBy=colour');

    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ field: 'groupBy', problem: 'is required' }]);
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]?.field).toBe('groupBy');
  });
});

describe('GET /activities.csv', () => {
  it('exports the filtered records as RFC 4180 CSV with formulas defused', async () => {
    const customer = unique('Csv Corp');
    const evil = engineerNamed('=HYPERLINK("http://evil")');
    const older = await create(evil, {
      customer,
      project: 'Quotes, "and" commas',
      date: '2025-02-01',
      notes: 'line one\nline two',
    });
    const sum = engineerNamed('@sum');
    const newer = await create(sum, { customer, project: '+plus', date: '2025-02-02', hours: 2.25 });

    const response = await api(`/activities.csv?${new URLSearchParams({ customer })}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="activities_${customer.replaceAll(' ', '-')}_all-dates.csv"`,
    );
    expect(response.text).toBe(
      [
        'engineer,customer,project,activity,date,hours,notes,recordedBy,createdAt,updatedAt',
        `'@sum,${customer},'+plus,Pairing,2025-02-02,2.25,,,${newer.createdAt},${newer.updatedAt}`,
        `"'=HYPERLINK(""http://evil"")",${customer},"Quotes, ""and"" commas",Pairing,2025-02-01,1,"line one\nline two",,${older.createdAt},${older.updatedAt}`,
        '',
      ].join('\r\n'),
    );
  });

  it('exports only the header for a filter with no records', async () => {
    const response = await api(`/activities.csv?${new URLSearchParams({ customer: unique('Nobody') })}`);

    expect(response.text).toBe(
      'engineer,customer,project,activity,date,hours,notes,recordedBy,createdAt,updatedAt\r\n',
    );
    expect(response.headers.get('x-row-count')).toBe('0');
    expect(response.headers.get('x-rows-remaining')).toBe('0');
    expect(response.headers.get('x-next-cursor')).toBeNull();
  });

  it.each([
    ['not a cursor', 'nonsense'],
    ['a cursor without its count of rows sent', 'eyJpIjoiYnlEYXRlIn0'],
    ['a count after a cursor this export did not make', 'eyJpIjoiYnlEYXRlIn0.5'],
    ['a count of rows sent without a cursor', '.12'],
  ])('refuses %s with a 400 naming cursor', async (_what, cursor) => {
    const response = await api<ErrorBody>(`/activities.csv?${new URLSearchParams({ cursor })}`);

    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
