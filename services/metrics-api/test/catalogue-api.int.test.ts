import { randomUUID } from 'node:crypto';
import type { Catalogue } from '@shared/catalogue/catalogue';
import { toItem } from '../src/activities/activity';
import { dynamoActivityStore } from '../src/activities/activity-store';
import { type Client, closeDynamo, newEngineer, newManager, type StoredActivity, unique } from './support/api';
import { activitiesTable, closeLocalDynamo, localDynamo, totalsTable, weeksTable } from './support/weeks';

interface ErrorBody {
  message: string;
  errors: { field: string; problem: string }[];
}
interface Entry {
  id: string;
  name: string;
  archived: boolean;
  customerId?: string;
}

const catalogueTable = () => `runway-metrics-api-${process.env.RUNWAY_STAGE ?? 'test'}-catalogue`;
const today = new Date().toISOString().slice(0, 10);

let manager: Client;
let engineer: Client;
beforeEach(() => {
  manager = newManager('Maya Manager');
  engineer = newEngineer('Mary Major');
});
afterAll(() => {
  closeDynamo();
  closeLocalDynamo();
});

/** A customer with one project, both named uniquely so tests sharing the table stay apart. */
async function customerWithProject(): Promise<{ customer: Entry; project: Entry }> {
  const customer = await manager.postJson<Entry>('/catalogue/customers', { name: unique('Acme') });
  const project = await manager.postJson<Entry>('/catalogue/projects', {
    customerId: customer.json.id,
    name: unique('Migration'),
  });
  expect([customer.status, project.status]).toEqual([201, 201]);
  return { customer: customer.json, project: project.json };
}

const record = (customer: string, project: string, hours = 2) => ({
  customer,
  project,
  activity: 'Review',
  date: today,
  hours,
});

describe('the catalogue', () => {
  it('lets a manager add customers and projects that everyone signed in reads', async () => {
    const { customer, project } = await customerWithProject();

    const read = await engineer.api<Catalogue>('/catalogue');

    expect(read.status).toBe(200);
    expect(read.json.customers).toContainEqual({
      id: customer.id,
      name: customer.name,
      archived: false,
      projects: [{ id: project.id, customerId: customer.id, name: project.name, archived: false }],
    });
  });

  it('refuses an engineer who tries to change it with 403 naming the role', async () => {
    const response = await engineer.postJson<ErrorBody>('/catalogue/customers', { name: unique('Initech') });

    expect(response.status).toBe(403);
    expect(response.json.errors).toEqual([{ field: 'role', problem: 'must be manager' }]);
  });

  it('refuses a blank name and an unknown field with 400 naming them', async () => {
    const blank = await manager.postJson<ErrorBody>('/catalogue/customers', { name: '   ' });
    const extra = await manager.postJson<ErrorBody>('/catalogue/customers', { name: unique('X'), colour: 'red' });

    expect(blank.status).toBe(400);
    expect(blank.json.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    expect(extra.status).toBe(400);
    expect(extra.json.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
  });

  it('refuses a project under a customer that does not exist with 400 naming customerId', async () => {
    const response = await manager.postJson<ErrorBody>('/catalogue/projects', {
      customerId: randomUUID(),
      name: 'Anything',
    });

    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ field: 'customerId' })]);
  });

  it('answers 409 naming the field for a name that differs only in case or spacing under the same parent', async () => {
    const { customer, project } = await customerWithProject();
    const variant = ` ${project.name.toUpperCase().replace(' ', '   ')} `;

    const sameCustomer = await manager.postJson<ErrorBody>('/catalogue/projects', {
      customerId: customer.id,
      name: variant,
    });
    const other = await manager.postJson<Entry>('/catalogue/customers', { name: unique('Globex') });
    const otherCustomer = await manager.postJson<Entry>('/catalogue/projects', {
      customerId: other.json.id,
      name: project.name,
    });
    const customerTwice = await manager.postJson<ErrorBody>('/catalogue/customers', {
      name: customer.name.toLowerCase(),
    });

    expect(sameCustomer.status).toBe(409);
    expect(sameCustomer.json.errors).toEqual([
      { field: 'name', problem: `is already taken by "${project.name}" (names differ only in case or spacing)` },
    ]);
    expect(otherCustomer.status).toBe(201);
    expect(customerTwice.status).toBe(409);
  });

  it('refuses a rename onto a name another entry holds, and frees the old name after a rename', async () => {
    const { customer, project } = await customerWithProject();
    const second = await manager.postJson<Entry>('/catalogue/projects', {
      customerId: customer.id,
      name: unique('Support'),
    });

    const clash = await manager.putJson<ErrorBody>(`/catalogue/projects/${second.json.id}`, {
      name: project.name.toUpperCase(),
      archived: false,
    });
    const renamed = await manager.putJson<Entry>(`/catalogue/projects/${project.id}`, {
      name: `${project.name} v2`,
      archived: false,
    });
    const reuse = await manager.postJson<Entry>('/catalogue/projects', { customerId: customer.id, name: project.name });

    expect(clash.status).toBe(409);
    expect(clash.json.errors[0]?.field).toBe('name');
    expect(renamed.status).toBe(200);
    expect(renamed.json.name).toBe(`${project.name} v2`);
    expect(reuse.status).toBe(201);
  });

  it('answers 404 for an entry that does not exist', async () => {
    const response = await manager.putJson<ErrorBody>(`/catalogue/customers/${randomUUID()}`, {
      name: 'Nobody',
      archived: false,
    });

    expect(response.status).toBe(404);
    expect(response.json.errors).toEqual([{ field: 'id', problem: 'does not exist' }]);
  });
});

describe('records against the catalogue', () => {
  it('links a record by its names in any case and spacing, and shows a rename everywhere', async () => {
    const { customer, project } = await customerWithProject();
    const created = await engineer.postJson<StoredActivity & { projectId?: string }>(
      '/activities',
      record(customer.name.toUpperCase(), ` ${project.name.toLowerCase()} `),
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ customer: customer.name, project: project.name, projectId: project.id });

    const newName = unique('Cloud move');
    await manager.putJson(`/catalogue/projects/${project.id}`, { name: newName, archived: false });

    const one = await engineer.api<StoredActivity>(`/activities/${created.json.id}`);
    const byNewName = await engineer.api<{ items: StoredActivity[] }>(
      `/activities?project=${encodeURIComponent(newName.toUpperCase())}`,
    );
    const byOldName = await engineer.api<{ items: StoredActivity[] }>(
      `/activities?project=${encodeURIComponent(project.name)}`,
    );
    const csv = await manager.api(`/activities.csv?project=${encodeURIComponent(newName)}&from=${today}`);

    expect(one.json.project).toBe(newName);
    expect(byNewName.json.items.map((item) => item.id)).toEqual([created.json.id]);
    expect(byOldName.json.items.map((item) => item.project)).toEqual([newName]);
    expect(csv.text).toContain(newName);
    expect(csv.text).not.toContain(project.id);
  });

  it('keeps free text that matches no catalogue entry as it was recorded', async () => {
    const free = record(unique('Walk-in'), 'Odd job');

    const created = await engineer.postJson<StoredActivity & { projectId?: string }>('/activities', free);

    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ customer: free.customer, project: 'Odd job' });
    expect(created.json.projectId).toBeUndefined();
  });

  it('refuses new hours into an archived project with 409 naming project, and keeps its history listed', async () => {
    const { customer, project } = await customerWithProject();
    const before = await engineer.postJson<StoredActivity>('/activities', record(customer.name, project.name));
    await manager.putJson(`/catalogue/projects/${project.id}`, { name: project.name, archived: true });

    const refused = await engineer.postJson<ErrorBody>('/activities', record(customer.name, project.name, 1));
    const change = await engineer.putJson<ErrorBody>(
      `/activities/${before.json.id}`,
      record(customer.name, project.name, 3),
    );
    const history = await engineer.api<{ items: (StoredActivity & { projectArchived?: boolean })[] }>(
      `/activities?customer=${encodeURIComponent(customer.name.toLowerCase())}`,
    );

    expect(refused.status).toBe(409);
    expect(refused.json.errors).toEqual([{ field: 'project', problem: 'is archived and takes no new hours' }]);
    expect(change.status).toBe(409);
    expect(change.json.errors[0]?.field).toBe('project');
    expect(history.json.items).toEqual([
      expect.objectContaining({ id: before.json.id, hours: 2, projectArchived: true }),
    ]);
  });

  it('refuses hours into a project of an archived customer, and takes them again once unarchived', async () => {
    const { customer, project } = await customerWithProject();
    await manager.putJson(`/catalogue/customers/${customer.id}`, { name: customer.name, archived: true });

    const refused = await engineer.postJson<ErrorBody>('/activities', record(customer.name, project.name));
    await manager.putJson(`/catalogue/customers/${customer.id}`, { name: customer.name, archived: false });
    const accepted = await engineer.postJson('/activities', record(customer.name, project.name));

    expect(refused.status).toBe(409);
    expect(accepted.status).toBe(201);
  });

  it('checks the project in the write transaction itself: a write that read it open fails once it is archived', async () => {
    const { customer, project } = await customerWithProject();
    await manager.putJson(`/catalogue/projects/${project.id}`, { name: project.name, archived: true });
    const store = dynamoActivityStore(localDynamo(), activitiesTable(), {
      weeks: weeksTable(),
      catalogue: catalogueTable(),
      totals: totalsTable(),
    });
    const stamp = new Date().toISOString();

    // As if the service had read the catalogue just before the archive: the record carries the link.
    const outcome = await store.insert(
      toItem({
        id: randomUUID(),
        engineerId: engineer.person.id,
        engineer: engineer.person.name,
        ...record(customer.name, project.name),
        customerId: customer.id,
        projectId: project.id,
        createdAt: stamp,
        updatedAt: stamp,
      }),
    );

    expect(outcome).toEqual({ written: false, record: false, weeks: [], closedProject: true });
  });
});

describe('filters', () => {
  it('match customer, project and engineer case- and spacing-insensitively in the list, summary and export', async () => {
    const customer = unique('Free Text Co');
    await engineer.postJson('/activities', record(customer, 'Alpha', 1));
    await engineer.postJson('/activities', record(customer.toUpperCase(), 'ALPHA', 2));
    const name = engineer.person.name;

    const list = await manager.api<{ items: StoredActivity[] }>(
      `/activities?customer=${encodeURIComponent(` ${customer.toLowerCase()} `.trim())}&engineer=${encodeURIComponent(name.toUpperCase())}&project=alpha`,
    );
    const csv = await manager.api(`/activities.csv?engineer=${encodeURIComponent(name.toLowerCase())}`);
    const summary = await manager.api<{ groups: { key: string; hours: number }[] }>(
      `/summary?groupBy=customer&from=${today}&to=${today}`,
    );

    expect(list.json.items.map((item) => item.hours).sort()).toEqual([1, 2]);
    expect(csv.headers.get('x-row-count')).toBe('2');
    expect(summary.json.groups.filter((group) => group.key.toLowerCase() === customer.toLowerCase())).toEqual([
      { key: expect.any(String), hours: 3, count: 2 },
    ]);
  });
});
