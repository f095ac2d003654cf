import { judgeFunction, judgeLoad, machineBusy, TARGETS } from '../targets';

describe('target judgement', () => {
  const within = { coldMs: 30, floorMs: 25, twinMs: 27, pythonMs: 120, zipBytes: 100 * 1024 };

  it('meets every target when the cold start is within 1.15× its twin, 3× faster than Python, and the zip small', () => {
    const judgement = judgeFunction(within);
    expect(judgement).toMatchObject({ floorRatio: 1.2, pythonSpeedup: 4, twin: 'met', python: 'met', size: 'met' });
    expect(judgement.twinRatio).toBeCloseTo(1.111, 3);
  });

  it('counts exactly 1.15× the twin and exactly 3× faster than Python as met', () => {
    const judgement = judgeFunction({ ...within, coldMs: 23, twinMs: 20, pythonMs: 69 });
    expect([judgement.twin, judgement.python]).toEqual(['met', 'met']);
  });

  it('misses the twin and Python targets when the cold start is too slow', () => {
    const judgement = judgeFunction({ ...within, coldMs: 100 });
    expect(judgement.twin).toBe('missed');
    expect(judgement.python).toBe('missed');
    expect(judgement.floorRatio).toBe(4);
  });

  it('misses the size target one byte over 300 KiB zipped', () => {
    expect(judgeFunction({ ...within, zipBytes: TARGETS.maxZipBytes + 1 }).size).toBe('missed');
  });

  it('skips the comparisons whose reference did not run (no Python, no twin of its kind)', () => {
    const judgement = judgeFunction({ ...within, pythonMs: undefined, twinMs: undefined });
    expect([judgement.python, judgement.twin]).toEqual(['skipped', 'skipped']);
    expect(judgement.pythonSpeedup).toBeUndefined();
  });

  it('misses the twin target when there are no timings (NaN)', () => {
    expect(judgeFunction({ ...within, coldMs: Number.NaN }).twin).toBe('missed');
  });
});

describe('load judgement', () => {
  const quiet = { loadBefore: 0.5, loadAfter: 1.8, cpus: 2 };
  const busy = { loadBefore: 0.5, loadAfter: 6.2, cpus: 2 };
  const clean = { errors: 0, non2xx: 0, lost: 0, fewestAnswered: 3000, ...quiet };

  it('meets the load target only with no errors, no non-2xx answers and no lost record', () => {
    expect(judgeLoad(clean)).toBe('met');
    expect(judgeLoad({ ...clean, errors: 1 })).toBe('missed');
    expect(judgeLoad({ ...clean, non2xx: 2 })).toBe('missed');
    expect(judgeLoad({ ...clean, lost: 1 })).toBe('missed');
  });

  it('misses the load target when a route answered nothing in its time on a quiet machine', () => {
    expect(judgeLoad({ ...clean, fewestAnswered: 0 })).toBe('missed');
  });

  it("calls errors and silence on a busy machine unreliable, not the system's", () => {
    expect(machineBusy(busy)).toBe(true);
    expect(machineBusy(quiet)).toBe(false);
    expect(judgeLoad({ ...clean, ...busy, errors: 12 })).toBe('unreliable');
    expect(judgeLoad({ ...clean, ...busy, fewestAnswered: 0 })).toBe('unreliable');
  });

  it('misses on a lost record whatever the machine, and meets a clean run on a busy one', () => {
    expect(judgeLoad({ ...clean, ...busy, lost: 1 })).toBe('missed');
    expect(judgeLoad({ ...clean, ...busy })).toBe('met');
  });
});
