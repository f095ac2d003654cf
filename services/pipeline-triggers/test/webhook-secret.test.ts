import { cached } from '../src/source/webhook-secret';

describe('cached webhook secret', () => {
  let now: number;
  let loads: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
    loads = 0;
  });

  const loader = (values: (string | Error)[]) => async () => {
    const value = values[loads++] ?? 'last';
    if (value instanceof Error) throw value;
    return value;
  };

  it('reuses the secret within its time to live', async () => {
    const secret = cached(loader(['s1', 's2']), 60_000, clock);

    await secret();
    now += 59_999;

    await expect(secret()).resolves.toBe('s1');
    expect(loads).toBe(1);
  });

  it('loads it again once the time to live has passed, so a rotated secret is picked up', async () => {
    const secret = cached(loader(['s1', 's2']), 60_000, clock);

    await secret();
    now += 60_000;

    await expect(secret()).resolves.toBe('s2');
  });

  it('shares one load between concurrent callers', async () => {
    const secret = cached(loader(['s1']), 60_000, clock);

    await Promise.all([secret(), secret(), secret()]);

    expect(loads).toBe(1);
  });

  it('does not keep a failed load', async () => {
    const secret = cached(loader([new Error('throttled'), 's1']), 60_000, clock);

    await expect(secret()).rejects.toThrow('throttled');
    await expect(secret()).resolves.toBe('s1');
  });
});
