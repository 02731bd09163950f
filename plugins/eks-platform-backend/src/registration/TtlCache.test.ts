import { FAILURE_TTL_MS, TtlCache } from './TtlCache';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('reads a key once within its lifetime, again after it', async () => {
    const cache = new TtlCache<number>(30_000, clock);
    const read = jest.fn(async () => 1);
    await cache.get('k', read);
    now += 29_999;
    await cache.get('k', read);
    expect(read).toHaveBeenCalledTimes(1);
    now += 2;
    await cache.get('k', read);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('answers a failed read from the cache for a short while, then asks the upstream again', async () => {
    const cache = new TtlCache<number>(30_000, clock);
    const read = jest
      .fn<Promise<number>, []>()
      .mockRejectedValueOnce(new Error('GitHub unreachable'))
      .mockResolvedValue(7);
    await expect(cache.get('k', read)).rejects.toThrow('GitHub unreachable');
    now += FAILURE_TTL_MS - 1;
    // Every status request meanwhile gets the same failure without a call.
    await expect(cache.get('k', read)).rejects.toThrow('GitHub unreachable');
    expect(read).toHaveBeenCalledTimes(1);
    now += 2;
    await expect(cache.get('k', read)).resolves.toBe(7);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('keeps a failure no longer than a success would be kept', async () => {
    const cache = new TtlCache<number>(1_000, clock);
    const read = jest
      .fn<Promise<number>, []>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue(1);
    await expect(cache.get('k', read)).rejects.toThrow('down');
    now += 1_001;
    await expect(cache.get('k', read)).resolves.toBe(1);
  });
});
