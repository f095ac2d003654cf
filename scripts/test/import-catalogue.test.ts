import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptAll, acceptNone, type ReviewedMerge, type ReviewFile } from '../catalogue-review';
import { acceptedPart, describeImport, planImport, reviewFor } from '../import-catalogue';

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

    expect(acceptedPart(plan, acceptNone).customers.map((customer) => customer.name)).toEqual(['Globex']);
    expect(acceptedPart(plan, acceptNone).projects.map((project) => project.name)).toEqual(['Website']);
    expect(acceptedPart(plan, acceptAll)).toEqual(plan);
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
    const plan = planImport(records, []);
    const lines = describeImport(plan, { applied: false, ...reviewFor(plan, { acceptMerges: false, apply: false }) });

    expect(lines).toEqual([
      'proposed merge (review it with --review-file <file>, or --accept-merges accepts all): customer "Acme" (2), "ACME " (1) -> "Acme"',
      'proposed merge (review it with --review-file <file>, or --accept-merges accepts all): project "Migration" (2), "migration" (1) -> "Migration"',
      'would create customer "Globex"',
      'would create project "Website" under "Globex"',
      '1 record(s) to link; 2 merge(s), 2 waiting for review (dry run: nothing written; --apply writes)',
    ]);
  });

  describe('a review file', () => {
    const file = () => join(mkdtempSync(join(tmpdir(), 'catalogue-review-')), 'merges.json');

    it('lists every proposed merge unaccepted after a dry run', () => {
      const { write } = reviewFor(planImport(records, []), { acceptMerges: false, apply: false, reviewFile: file() });

      expect(write?.merges).toEqual([
        { id: 'customer:acme', kind: 'customer', name: 'Acme', spellings: { Acme: 2, 'ACME ': 1 }, accept: false },
        {
          id: 'project:acme/migration',
          kind: 'project',
          name: 'Migration',
          spellings: { Migration: 2, migration: 1 },
          accept: false,
        },
      ]);
    });

    it('applies only the merges accepted in it, under the spelling the reviewer chose', () => {
      const path = file();
      const plan = planImport(records, []);
      const written = reviewFor(plan, { acceptMerges: false, apply: false, reviewFile: path }).write as ReviewFile;
      written.merges[0] = { ...(written.merges[0] as ReviewedMerge), accept: true, name: 'ACME' };
      writeFileSync(path, JSON.stringify(written));

      const { review } = reviewFor(plan, { acceptMerges: false, apply: true, reviewFile: path });
      const accepted = acceptedPart(plan, review);

      expect(accepted.customers.map((customer) => customer.name)).toEqual(['ACME', 'Globex']);
      // The project merge under ACME was not accepted: its records stay unlinked.
      expect(accepted.projects.map((project) => project.name)).toEqual(['Website']);
      expect(
        describeImport(plan, {
          applied: true,
          ...reviewFor(plan, { acceptMerges: false, apply: true, reviewFile: path }),
        }),
      ).toContain('merged: customer "Acme" (2), "ACME " (1) -> "ACME"');
    });

    it('keeps the decisions made when a later dry run rewrites it', () => {
      const path = file();
      const first = reviewFor(planImport(records, []), { acceptMerges: false, apply: false, reviewFile: path })
        .write as ReviewFile;
      writeFileSync(path, JSON.stringify({ ...first, merges: [{ ...first.merges[1], accept: true }] }));

      const again = reviewFor(planImport(records, []), { acceptMerges: false, apply: false, reviewFile: path })
        .write as ReviewFile;

      expect(again.merges.map((merge) => [merge.id, merge.accept])).toEqual([
        ['customer:acme', false],
        ['project:acme/migration', true],
      ]);
    });

    it('refuses a chosen name that is not a spelling of the merged name, before anything is written', () => {
      const path = file();
      const plan = planImport(records, []);
      const written = reviewFor(plan, { acceptMerges: false, apply: false, reviewFile: path }).write as ReviewFile;
      writeFileSync(
        path,
        JSON.stringify({ ...written, merges: [{ ...written.merges[0], accept: true, name: 'Initech' }] }),
      );

      const { review } = reviewFor(plan, { acceptMerges: false, apply: true, reviewFile: path });

      expect(() => acceptedPart(plan, review)).toThrow(
        `${path}: merge customer:acme names "Initech", which is not a spelling of "Acme"`,
      );
    });

    it('refuses a file that is not a review, naming what is wrong', () => {
      const path = file();
      writeFileSync(path, JSON.stringify({ merges: [{ id: 'customer:acme', name: 'Acme', accept: 'yes' }] }));

      expect(() => reviewFor(planImport(records, []), { acceptMerges: false, apply: true, reviewFile: path })).toThrow(
        `${path}: /merges/0/accept must be boolean`,
      );
      expect(readFileSync(path, 'utf8')).toContain('"yes"');
    });
  });
});
