import { UpstreamError } from '../errors/UpstreamError';
import { withRetry } from './retry';

function failure(retryable: boolean, retryAfterMs?: number) {
  return new UpstreamError({
    upstream: 'Vault',
    operation: 'read policy "x"',
    status: retryable ? 503 : 400,
    hint: 'do something',
    retryable,
    retryAfterMs,
  });
}

describe('withRetry', () => {
  const options = (delays: number[], random = () => 0.5) => ({
    attempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  });

  it('retries retryable errors with jittered exponential backoff, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      calls += 1;
      if (calls < 4) throw failure(true);
      return 'ok';
    }, options(delays));
    expect(result).toBe('ok');
    // random 0.5 of 100, 200, 400
    expect(delays).toEqual([50, 100, 200]);
  });

  it('spreads delays with full jitter', async () => {
    const delays: number[] = [];
    const randoms = [0, 0.999];
    await withRetry(
      async attempt => {
        if (attempt < 3) throw failure(true);
      },
      options(delays, () => randoms.shift()!),
    );
    expect(delays).toEqual([0, 200]);
  });

  it('honours Retry-After, capped at maxDelayMs', async () => {
    const delays: number[] = [];
    await withRetry(async attempt => {
      if (attempt === 1) throw failure(true, 700);
      if (attempt === 2) throw failure(true, 60_000);
    }, options(delays));
    expect(delays).toEqual([700, 1000]);
  });

  it('does not retry non-retryable errors (4xx validation)', async () => {
    const delays: number[] = [];
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw failure(false);
      }, options(delays)),
    ).rejects.toThrow('HTTP 400');
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('does not retry errors that are not upstream errors', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw new TypeError('bug');
      }, options([])),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });

  it('stops after the bounded number of attempts', async () => {
    const delays: number[] = [];
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw failure(true);
      }, options(delays)),
    ).rejects.toThrow(UpstreamError);
    expect(calls).toBe(4);
    expect(delays).toHaveLength(3);
  });

  it('stops waiting when the task is cancelled', async () => {
    const controller = new AbortController();
    const promise = withRetry(
      async () => {
        throw failure(true, 5000);
      },
      {
        attempts: 3,
        baseDelayMs: 10,
        maxDelayMs: 10_000,
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(new Error('cancelled')), 10);
    await expect(promise).rejects.toThrow('cancelled');
  });
});
