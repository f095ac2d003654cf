import { judgeFunction, judgeLoad, TARGETS } from '../targets';

describe('target judgement', () => {
  const within = { coldMs: 30, floorMs: 25, pythonMs: 120, zipBytes: 100 * 1024 };

  it('meets every target when the cold start is within 1.5× the floor, 3× faster than Python, and the zip small', () => {
    expect(judgeFunction(within)).toEqual({
      floorRatio: 1.2,
      pythonSpeedup: 4,
      floor: 'met',
      python: 'met',
      size: 'met',
    });
  });

  it('counts exactly 1.5× the floor and exactly 3× faster than Python as met', () => {
    const judgement = judgeFunction({ ...within, coldMs: 30, floorMs: 20, pythonMs: 90 });
    expect([judgement.floor, judgement.python]).toEqual(['met', 'met']);
  });

  it('misses the floor and Python targets when the cold start is too slow', () => {
    const judgement = judgeFunction({ ...within, coldMs: 100 });
    expect(judgement.floor).toBe('missed');
    expect(judgement.python).toBe('missed');
    expect(judgement.floorRatio).toBe(4);
  });

  it('misses the size target one byte over 300 KiB zipped', () => {
    expect(judgeFunction({ ...within, zipBytes: TARGETS.maxZipBytes + 1 }).size).toBe('missed');
  });

  it('skips the Python comparison when no Python peer ran', () => {
    const judgement = judgeFunction({ ...within, pythonMs: undefined });
    expect(judgement.python).toBe('skipped');
    expect(judgement.pythonSpeedup).toBeUndefined();
  });

  it('misses the floor target when there are no timings (NaN)', () => {
    expect(judgeFunction({ ...within, coldMs: Number.NaN }).floor).toBe('missed');
  });

  it('meets the load target only with no errors, no non-2xx answers and no lost record', () => {
    const clean = { errors: 0, non2xx: 0, lost: 0, fewestAnswered: 3000 };
    expect(judgeLoad(clean)).toBe('met');
    expect(judgeLoad({ ...clean, errors: 1 })).toBe('missed');
    expect(judgeLoad({ ...clean, non2xx: 2 })).toBe('missed');
    expect(judgeLoad({ ...clean, lost: 1 })).toBe('missed');
  });

  it('misses the load target when a route answered nothing in its time (a machine too busy proves nothing)', () => {
    expect(judgeLoad({ errors: 0, non2xx: 0, lost: 0, fewestAnswered: 0 })).toBe('missed');
  });
});
