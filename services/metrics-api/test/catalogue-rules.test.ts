import { nameKey } from '@shared/catalogue/name-key';
import {
  catalogueView,
  type EntryItem,
  indexEntries,
  isClosed,
  matchesNames,
  projectNamed,
  resolveNames,
} from '../src/catalogue/catalogue';

const stamp = '2026-01-01T00:00:00.000Z';
const entry = (type: EntryItem['type'], id: string, name: string, extra: Partial<EntryItem> = {}): EntryItem => ({
  type,
  id,
  name,
  archived: false,
  createdAt: stamp,
  updatedAt: stamp,
  ...extra,
});
const acme = entry('customer', 'c1', 'Acme');
const migration = entry('project', 'p1', 'Migration', { customerId: 'c1' });
const archived = entry('project', 'p2', 'Old site', { customerId: 'c1', archived: true });
const globex = entry('customer', 'c2', 'Globex', { archived: true });
const website = entry('project', 'p3', 'Website', { customerId: 'c2' });
const entries = [website, migration, globex, archived, acme];

describe('nameKey', () => {
  it.each([
    ['Acme', 'acme'],
    ['  ACME   Corp ', 'acme corp'],
    ['Acme\tCorp', 'acme corp'],
    ['Cafe\u0301', 'caf\u00e9'],
  ])('%j is the same name as %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
});

describe('catalogue rules', () => {
  it('lists customers by name, each with its projects by name', () => {
    expect(catalogueView(entries).customers.map((c) => [c.name, c.projects.map((p) => p.name)])).toEqual([
      ['Acme', ['Migration', 'Old site']],
      ['Globex', ['Website']],
    ]);
  });

  it('finds a project by its customer and its name, case and spacing ignored', () => {
    expect(projectNamed(entries, ' acme ', 'MIGRATION')).toEqual({ customer: acme, project: migration });
    expect(projectNamed(entries, 'Globex', 'Migration')).toBeUndefined();
  });

  it.each([
    ['an open project', 'p1', false],
    ['an archived project', 'p2', true],
    ['a project of an archived customer', 'p3', true],
  ])('%s is closed: %s', (_label, id, closed) => {
    expect(isClosed(indexEntries(entries), id)).toBe(closed);
  });

  it('shows a linked record under the current names, and a free-text one as recorded', () => {
    const index = indexEntries([{ ...acme, name: 'Acme Inc' }, migration]);

    expect(resolveNames({ customer: 'acme', project: 'migration', customerId: 'c1', projectId: 'p1' }, index)).toEqual({
      customer: 'Acme Inc',
      project: 'Migration',
      customerId: 'c1',
      projectId: 'p1',
    });
    expect(resolveNames({ customer: 'Walk-in', project: 'Odd job' }, index)).toEqual({
      customer: 'Walk-in',
      project: 'Odd job',
    });
    expect(
      resolveNames({ customer: 'A', project: 'B', customerId: 'c1', projectId: 'p2' }, indexEntries(entries)),
    ).toMatchObject({ projectArchived: true });
  });

  it('matches name filters by recorded or current names, case and spacing ignored', () => {
    const stored = { customer: 'acme', project: 'migration', engineer: 'Mary Major' };
    const shown = { customer: 'Acme Inc', project: 'Migration' };

    expect(matchesNames(stored, shown, { customer: 'ACME  INC', engineer: 'mary major' })).toBe(true);
    expect(matchesNames(stored, shown, { customer: 'Acme' })).toBe(true);
    expect(matchesNames(stored, shown, { project: 'Support' })).toBe(false);
    expect(matchesNames(stored, shown, { engineer: 'Mary' })).toBe(false);
  });
});
