import { type Counted, partEnd, partStart, rangesFor, rowsOf, totalsDelta, totalsOf } from '../src/totals/totals';
import { familyForSummary } from '../src/totals/totals-query';

const record = (fields: Partial<Counted> = {}): Counted => ({
  date: '2026-03-31',
  hours: 1.5,
  customer: 'Acme',
  project: 'Data',
  engineer: 'Ana',
  engineerId: 'ana-1',
  ...fields,
});

describe('parts: an ISO week cut at the end of a month', () => {
  it.each([
    ['2026-03-31', '2026-03-30', '2026-03-31'], // Tuesday: the week's Monday, the month's last day
    ['2026-04-01', '2026-04-01', '2026-04-05'], // Wednesday: the month's first day, the week's Sunday
    ['2026-04-08', '2026-04-06', '2026-04-12'], // a week inside one month
    ['2026-01-01', '2026-01-01', '2026-01-04'], // ISO week 2026-W01 starts in December
    ['2024-02-29', '2024-02-26', '2024-02-29'],
  ])('%s lies in the part %s..%s', (date, start, end) => {
    expect(partStart(date)).toBe(start);
    expect(partEnd(date)).toBe(end);
  });
});

describe('the rows a date range reads', () => {
  it('reads whole parts only for a month or a run of weeks', () => {
    expect(rangesFor('2026-03-01', '2026-03-31')).toEqual([{ grain: 'part', from: '2026-03-01', to: '2026-03-31' }]);
    expect(rangesFor('2026-03-30', '2026-04-12')).toEqual([{ grain: 'part', from: '2026-03-30', to: '2026-04-12' }]);
    expect(rangesFor(undefined, undefined)).toEqual([{ grain: 'part' }]);
  });

  it('reads days at edges inside a part and whole parts between', () => {
    expect(rangesFor('2026-04-08', '2026-04-22')).toEqual([
      { grain: 'day', from: '2026-04-08', to: '2026-04-12' },
      { grain: 'day', from: '2026-04-20', to: '2026-04-22' },
      { grain: 'part', from: '2026-04-13', to: '2026-04-19' },
    ]);
  });

  it('reads days only for a range inside one part, whichever edge is on a boundary', () => {
    expect(rangesFor('2026-04-07', '2026-04-09')).toEqual([{ grain: 'day', from: '2026-04-07', to: '2026-04-09' }]);
    expect(rangesFor('2026-04-06', '2026-04-09')).toEqual([{ grain: 'day', from: '2026-04-06', to: '2026-04-09' }]);
    expect(rangesFor('2026-04-08', '2026-04-12')).toEqual([{ grain: 'day', from: '2026-04-08', to: '2026-04-12' }]);
  });

  it('opens the parts where the range is open', () => {
    expect(rangesFor('2026-04-08', undefined)).toEqual([
      { grain: 'day', from: '2026-04-08', to: '2026-04-12' },
      { grain: 'part', from: '2026-04-13' },
    ]);
  });
});

describe('what a write changes in the totals', () => {
  it('adds a new record to one row of each family at each grain', () => {
    const rows = totalsDelta(undefined, record());
    expect(rows).toHaveLength(8);
    expect(rows.every((row) => row.cents === 150 && row.count === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.pk))).toEqual(
      new Set(['c#part', 'c#day', 'cp#part', 'cp#day', 'e#part', 'e#day', 'ecp#part', 'ecp#day']),
    );
  });

  it('writes one net change per row when a change keeps the row (a transaction touches an item once)', () => {
    const rows = totalsDelta(record(), record({ hours: 2 }));
    expect(rows).toHaveLength(8);
    expect(rows.every((row) => row.cents === 50 && row.count === 0)).toBe(true);
  });

  it('writes nothing for a change the totals do not see (notes, activity)', () => {
    expect(totalsDelta(record(), record())).toEqual([]);
  });

  it('moves a record between weeks: out of the old rows, into the new', () => {
    const rows = totalsDelta(record({ date: '2026-03-31' }), record({ date: '2026-04-07' }));
    expect(rows).toHaveLength(16);
    expect(rows.filter((row) => row.count === -1).every((row) => row.date <= '2026-03-31')).toBe(true);
    expect(rows.filter((row) => row.count === 1).every((row) => row.date >= '2026-04-06')).toBe(true);
  });

  it('moves only the rows of the families that hold a changed dimension', () => {
    const rows = totalsDelta(record(), record({ engineer: 'Bob', engineerId: 'bob-2' }));
    // e and ecp change at both grains (out and in); c and cp stay as they are.
    expect(rows.map((row) => row.pk).sort()).toEqual(
      ['e#part', 'e#part', 'e#day', 'e#day', 'ecp#part', 'ecp#part', 'ecp#day', 'ecp#day'].sort(),
    );
  });

  it('keys names case- and spacing-insensitively, and a catalogue link apart from free text', () => {
    const [acme] = rowsOf(record({ customer: 'Acme' }));
    const [shouting] = rowsOf(record({ customer: ' ACME ' }));
    const [linked] = rowsOf(record({ customer: 'Acme', customerId: 'c-1' }));
    expect(shouting?.sk).toBe(acme?.sk);
    expect(linked?.sk).not.toBe(acme?.sk);
  });

  it('adds records up into the rows the rebuild compares with', () => {
    const rows = totalsOf([record(), record({ hours: 2, date: '2026-03-30' })]);
    const part = [...rows.values()].find((row) => row.pk === 'c#part');
    expect(part).toMatchObject({ date: '2026-03-30', cents: 350, count: 2 });
    expect([...rows.values()].filter((row) => row.pk === 'c#day')).toHaveLength(2);
  });
});

describe('which totals answer a summary', () => {
  it.each([
    [{}, ['month'], 'c'],
    [{}, ['customer', 'month'], 'c'],
    [{ project: 'Data' }, ['week'], 'cp'],
    [{}, ['engineer'], 'e'],
    [{ engineerId: 'ana-1' }, ['month'], 'e'],
    [{ customer: 'Acme' }, ['engineer', 'month'], 'ecp'],
    [{}, ['activity'], undefined],
    [{}, ['customer', 'activity'], undefined],
  ] as const)('filter %j grouped by %j: %s', (filter, dimensions, family) => {
    expect(familyForSummary(filter, dimensions)).toBe(family);
  });
});
