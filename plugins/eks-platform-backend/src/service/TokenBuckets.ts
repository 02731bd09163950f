import { CustomErrorBase } from '@backstage/errors';

/**
 * Answered as 429 by the backend's error handler (it honours `statusCode`),
 * with the usual Backstage error body; the route sets `Retry-After`.
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Keep at most this many idle callers' buckets before dropping the full ones. */
const PRUNE_ABOVE = 10_000;

/**
 * Token buckets keyed by caller: each holds up to `burst` tokens and
 * refills at `perSecond`; a request costs one token per entity it reads.
 *
 * Per backend instance, in memory: the work a request causes (assembling
 * statuses from in-process watch caches) is done by the instance that
 * serves it, so a per-instance bucket is exactly what protects it; N
 * instances admit at most N times the rate in total. The `cache` service
 * offers get/set with TTL but no atomic update, so a shared bucket would
 * lose concurrent decrements (and under-count a burst spread across
 * instances, the very case it would be for) while adding a cache round
 * trip, and a cache failure mode, to every status read.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens, or answers how many seconds until they are there. */
  take(
    key: string,
    cost: number,
  ): { ok: true } | { retryAfterSeconds: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
    );
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true };
    }
    return {
      retryAfterSeconds: Math.max(
        1,
        Math.ceil((cost - bucket.tokens) / this.perSecond),
      ),
    };
  }

  /** Buckets that have refilled completely are the same as no bucket. */
  private prune(now: number) {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst)
        this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
