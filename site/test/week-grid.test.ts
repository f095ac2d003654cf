import type { WeekEntry } from '../src/lib/week-api';
import {
  dayTotals,
  gridRows,
  isoWeekOf,
  moveFrom,
  nextWeekDate,
  parseHours,
  planCellChange,
  rowTotal,
} from '../src/lib/week-grid';

const dates = ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'];
const entry = (overrides: Partial<WeekEntry>): WeekEntry => ({
  id: 'a',
  engineerId: 'e',
  engineer: 'Mary',
  customer: 'Acme',
  project: 'Data',
  activity: 'Build',
  date: '2026-12-28',
  hours: 1,
  ...overrides,
});

describe('the week grid', () => {
  test('records become one row per customer / project / activity, with totals per row and day', () => {
    const rows = gridRows(dates, [
      entry({ id: '1', hours: 2 }),
      entry({ id: '2', date: '2027-01-03', hours: 1.5 }),
      entry({ id: '3', activity: 'Review', hours: 0.1 }),
      entry({ id: '4', activity: 'Review', hours: 0.2 }),
    ]);
    expect(rows.map((row) => [row.activity, rowTotal(row)])).toEqual([
      ['Build', 3.5],
      ['Review', 0.3],
    ]);
    expect(dayTotals(rows, 7)).toEqual([2.3, 0, 0, 0, 0, 0, 1.5]);
  });

  test('an added row stays while it has no record', () => {
    const rows = gridRows(dates, [], [{ customer: 'X', project: 'Y', activity: 'Z', cells: [] }]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cells).toHaveLength(7);
  });

  test.each([
    ['', undefined],
    ['1.5', 1.5],
    ['1,5', 1.5],
    ['1:30', 1.5],
    ['1h30', 1.5],
    [' 8 ', 8],
    ['24', 24],
    ['0', 'invalid'],
    ['25', 'invalid'],
    ['1.234', 'invalid'],
    ['abc', 'invalid'],
    ['-1', 'invalid'],
  ])('typing "%s" reads as %s', (text, expected) => {
    expect(parseHours(text)).toBe(expected);
  });

  test.each([
    ['an empty cell, typed', [], '2', 'create'],
    ['an empty cell, left empty', [], '', 'none'],
    ['a filled cell, changed', [entry({})], '3', 'update'],
    ['a filled cell, same hours', [entry({})], '1', 'none'],
    ['a filled cell, cleared', [entry({})], '', 'delete'],
    ['any cell, nonsense', [], 'x', 'invalid'],
    ['a cell of two records', [entry({}), entry({ id: 'b' })], '3', 'invalid'],
  ])('%s → %s', (_story, cell, text, kind) => {
    expect(planCellChange(cell as WeekEntry[], text).kind).toBe(kind);
  });

  test.each([
    ['ArrowDown', { row: 1, day: 2 }],
    ['Enter', { row: 1, day: 2 }],
    ['ArrowUp', { row: 0, day: 2 }],
    ['ArrowRight', { row: 0, day: 3 }],
    ['ArrowLeft', { row: 0, day: 1 }],
  ] as const)('%s from row 0, day 2 goes to %o', (key, expected) => {
    expect(moveFrom({ row: 0, day: 2 }, key, { rows: 2, days: 7 })).toEqual(expected);
  });

  test('the keyboard stops at the edges of the grid', () => {
    expect(moveFrom({ row: 1, day: 6 }, 'ArrowDown', { rows: 2, days: 7 })).toEqual({ row: 1, day: 6 });
    expect(moveFrom({ row: 0, day: 6 }, 'ArrowRight', { rows: 2, days: 7 })).toEqual({ row: 0, day: 6 });
  });

  test.each([
    ['2026-12-28', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-12-01', '2026-W49'],
  ])('%s is in %s, as the API counts weeks', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  test('copying with hours moves a record to the same weekday of the next week, across the year', () => {
    expect(nextWeekDate('2026-12-28')).toBe('2027-01-04');
  });
});
