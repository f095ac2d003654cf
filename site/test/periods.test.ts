import { periodRange } from '../src/lib/periods';

describe('the period presets', () => {
  // Thursday 1 October 2026: its week began in September.
  const thursday = new Date(2026, 9, 1);

  it.each([
    ['this-week', { from: '2026-09-28', to: '2026-10-04' }],
    ['last-week', { from: '2026-09-21', to: '2026-09-27' }],
    ['this-month', { from: '2026-10-01', to: '2026-10-31' }],
    ['last-month', { from: '2026-09-01', to: '2026-09-30' }],
    ['this-quarter', { from: '2026-10-01', to: '2026-12-31' }],
  ] as const)('%s is %o', (period, range) => {
    expect(periodRange(period, thursday)).toEqual(range);
  });

  it('takes last month across a year boundary and a Sunday into the week that ends on it', () => {
    expect(periodRange('last-month', new Date(2027, 0, 15))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodRange('this-week', new Date(2026, 10, 29))).toEqual({ from: '2026-11-23', to: '2026-11-29' });
  });

  it('has no range for no choice', () => {
    expect(periodRange('', thursday)).toBeUndefined();
  });
});
