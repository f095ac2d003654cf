import { acceptedPart, describeImport, planImport } from '../import-catalogue';

const record = (id: string, customer: string, project: string) => ({ id, customer, project });

describe('planning the catalogue import', () => {
  const records = [
    record('1', 'Acme', 'Migration'),
    record('2', 'ACME ', 'migration'),
    record('3', 'Acme', 'Migration'),
    record('4', 'Globex', 'Website'),
    { ...record('5', 'Globex', 'Website'), projectId: 'already-linked' },
  ];

  it('groups case and spacing variants under the most used spelling and proposes them as merges', () => {
    const plan = planImport(records, []);

    expect(plan.customers).toEqual([
      {
        key: 'acme',
        name: 'Acme',
        spellings: [
          { spelling: 'Acme', records: 2 },
          { spelling: 'ACME ', records: 1 },
        ],
      },
      { key: 'globex', name: 'Globex', spellings: [{ spelling: 'Globex', records: 1 }] },
    ]);
    expect(plan.projects.map((project) => [project.customerKey, project.name, project.records.length])).toEqual([
      ['acme', 'Migration', 3],
      ['globex', 'Website', 1],
    ]);
  });

  it('leaves merges out until they are accepted', () => {
    const plan = planImport(records, []);

    expect(acceptedPart(plan, false).customers.map((customer) => customer.name)).toEqual(['Globex']);
    expect(acceptedPart(plan, false).projects.map((project) => project.name)).toEqual(['Website']);
    expect(acceptedPart(plan, true)).toBe(plan);
  });

  it('reuses an entry the catalogue already has, under its catalogue name', () => {
    const stamp = '2026-01-01T00:00:00.000Z';
    const entries = [
      { type: 'customer' as const, id: 'c1', name: 'ACME', archived: false, createdAt: stamp, updatedAt: stamp },
    ];

    const [acme] = planImport(records, entries).customers;

    expect(acme).toMatchObject({ name: 'ACME', existingId: 'c1' });
  });

  it('prints the proposed merges and what a dry run would write', () => {
    const lines = describeImport(planImport(records, []), { applied: false, acceptMerges: false });

    expect(lines).toEqual([
      'proposed merge (--accept-merges accepts): customer "Acme" (2), "ACME " (1) -> "Acme"',
      'proposed merge (--accept-merges accepts): project "Migration" (2), "migration" (1) -> "Migration"',
      'would create customer "Globex"',
      'would create project "Website" under "Globex"',
      '1 record(s) to link; 2 merge(s) waiting for review (dry run: nothing written; --apply writes)',
    ]);
  });
});
