import {
  activityProblems,
  hasAtMostTwoDecimals,
  isCalendarDate,
  parseHoursText,
} from '../src/activities/activity-rules';

const valid = {
  engineer: 'Mary Major',
  customer: 'Acme Corp',
  project: 'Data platform migration',
  activity: 'Design review',
  date: '2026-11-23',
  hours: 2.5,
};
const now = new Date('2026-11-27T12:00:00Z');

describe('activity rules', () => {
  it('accepts real calendar dates, including 29 February of a leap year', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-12-31')).toBe(true);
  });

  it('rejects dates that do not exist', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });

  it('allows hours with up to two decimals despite binary floating point', () => {
    expect(hasAtMostTwoDecimals(0.29)).toBe(true);
    expect(hasAtMostTwoDecimals(23.99)).toBe(true);
    expect(hasAtMostTwoDecimals(1.005)).toBe(false);
  });

  it('accepts planned time up to 28 days ahead (UTC) by default, but not the day after', () => {
    expect(activityProblems({ ...valid, date: '2026-12-25' }, now)).toEqual([]);
    expect(activityProblems({ ...valid, date: '2026-12-26' }, now)).toEqual([
      { field: 'date', problem: 'must not be more than 28 days in the future' },
    ]);
  });

  it('takes the number of days ahead as configured', () => {
    expect(activityProblems({ ...valid, date: '2026-11-28' }, now, 1)).toEqual([]);
    expect(activityProblems({ ...valid, date: '2026-11-29' }, now, 1)).toEqual([
      { field: 'date', problem: 'must not be more than 1 day in the future' },
    ]);
  });

  it.each(['0001-01-01', '1999-12-31'])('refuses %s: dates start on 2000-01-01', (date) => {
    expect(activityProblems({ ...valid, date }, now)).toEqual([
      { field: 'date', problem: 'must not be before 2000-01-01' },
    ]);
    expect(activityProblems({ ...valid, date: '2000-01-01' }, now)).toEqual([]);
  });

  it.each([
    ['1.5', 1.5],
    ['1,5', 1.5],
    ['1:30', 1.5],
    ['1h30', 1.5],
    ['1H30', 1.5],
    ['1h', 1],
    ['0:45', 0.75],
    ['2:20', 2.33],
    [' 8 ', 8],
    ['1:', undefined],
    ['1:60', undefined],
    ['1:5', undefined],
    ['1.234', undefined],
    ['abc', undefined],
    ['-1', undefined],
    ['', undefined],
  ])('reads typed hours "%s" as %s', (text, hours) => {
    expect(parseHoursText(text)).toBe(hours);
  });

  it('names every broken field at once', () => {
    const problems = activityProblems({ ...valid, date: '2026-02-30', hours: 1.234 }, now);
    expect(problems.map((problem) => problem.field)).toEqual(['date', 'hours']);
  });
});
