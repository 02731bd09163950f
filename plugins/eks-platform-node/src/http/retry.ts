import { UpstreamError } from '../errors/UpstreamError';

export interface RetryOptions {
  /** Total attempts including the first one. */
  attempts: number;
  /** First backoff delay; doubles per attempt, with full jitter. */
  baseDelayMs: number;
  /** Upper bound for one delay, also for a Retry-After the upstream asks for. */
  maxDelayMs: number;
  /** Injected for tests; defaults to a timer that honours the abort signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log "retrying in 2s". */
  onRetry?: (error: UpstreamError, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
};

export function sleepWithSignal(
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` and retries it while it throws a retryable {@link UpstreamError}
 * (429, 5xx, network, timeout). Backoff is exponential with full jitter, so
 * many tasks failing together do not retry in lockstep; a Retry-After from
 * the upstream wins over the computed delay (capped at maxDelayMs). Anything
 * else, including 4xx validation errors, is thrown at once.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  const sleep = options.sleep ?? sleepWithSignal;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (
        !(error instanceof UpstreamError) ||
        !error.failure.retryable ||
        attempt >= options.attempts ||
        options.signal?.aborted
      ) {
        throw error;
      }
      const backoff = Math.min(
        options.maxDelayMs,
        options.baseDelayMs * 2 ** (attempt - 1),
      );
      const jittered = Math.round(random() * backoff);
      const delay =
        error.failure.retryAfterMs !== undefined
          ? Math.min(options.maxDelayMs, error.failure.retryAfterMs)
          : jittered;
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}
