import { TokenBuckets } from './TokenBuckets';

describe('TokenBuckets', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a caller burst, then refills at the rate', () => {
    const buckets = new TokenBuckets(10, 100, clock);
    expect(buckets.take('user:default/a', 100)).toEqual({ ok: true });
    expect(buckets.take('user:default/a', 1)).toEqual({ retryAfterSeconds: 1 });
    now += 500; // 5 tokens back
    expect(buckets.take('user:default/a', 5)).toEqual({ ok: true });
    expect(buckets.take('user:default/a', 50)).toEqual({
      retryAfterSeconds: 5,
    });
    now += 5000;
    expect(buckets.take('user:default/a', 50)).toEqual({ ok: true });
  });

  it('keeps callers apart', () => {
    const buckets = new TokenBuckets(1, 10, clock);
    expect(buckets.take('user:default/a', 10)).toEqual({ ok: true });
    expect(buckets.take('user:default/a', 1)).toHaveProperty(
      'retryAfterSeconds',
    );
    expect(buckets.take('user:default/b', 10)).toEqual({ ok: true });
  });

  it('never refills above the burst', () => {
    const buckets = new TokenBuckets(100, 10, clock);
    buckets.take('a', 1);
    now += 3_600_000;
    expect(buckets.take('a', 11)).toEqual({ retryAfterSeconds: 1 });
    expect(buckets.take('a', 10)).toEqual({ ok: true });
  });

  it('forgets full buckets once there are many callers', () => {
    const buckets = new TokenBuckets(1000, 10, clock);
    for (let i = 0; i < 10_000; i++) buckets.take(`user:default/u${i}`, 1);
    now += 1000; // all full again
    buckets.take('user:default/new', 1);
    expect(buckets.size).toBe(1);
  });
});
