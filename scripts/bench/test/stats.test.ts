import { median, nsToMs, summarize } from '../stats';

describe('bench statistics', () => {
  it('takes the middle value of an odd number of timings, whatever their order', () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it('takes the mean of the two middle values of an even number of timings', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('summarises n, median, min and max', () => {
    expect(summarize([12, 9, 50, 11])).toEqual({ n: 4, median: 11.5, min: 9, max: 50 });
  });

  it('gives NaN statistics for no timings rather than inventing numbers', () => {
    expect(summarize([])).toEqual({ n: 0, median: Number.NaN, min: Number.NaN, max: Number.NaN });
  });

  it('turns monotonic nanoseconds into milliseconds', () => {
    expect(nsToMs(1_000_000n, 3_500_000n)).toBe(2.5);
  });
});
