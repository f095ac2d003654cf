import { activityProblems, hasAtMostTwoDecimals, isCalendarDate } from '../src/activities/activity-rules';

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

  it('accepts tomorrow (UTC) but not the day after', () => {
    expect(activityProblems({ ...valid, date: '2026-11-28' }, now)).toEqual([]);
    expect(activityProblems({ ...valid, date: '2026-11-29' }, now)).toEqual([
      { field: 'date', problem: 'must not be more than one day in the future' },
    ]);
  });

  it('names every broken field at once', () => {
    const problems = activityProblems({ ...valid, date: '2026-02-30', hours: 1.234 }, now);
    expect(problems.map((problem) => problem.field)).toEqual(['date', 'hours']);
  });
});
