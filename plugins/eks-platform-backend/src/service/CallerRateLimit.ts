import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { principalKey } from './principalKey';
import { TokenBuckets, TooManyRequestsError } from './TokenBuckets';

/**
 * The per-caller rate limit of every status read, HTTP API and agent tools
 * alike: one token per entity read, one bucket per caller
 * (eksPlatform.status.rateLimit). Built once per backend, so a caller's
 * HTTP requests and tool calls draw on the same bucket: an agent cannot
 * take the backend from everyone by switching from one to the other.
 */
export class CallerRateLimit {
  private readonly buckets: TokenBuckets;

  constructor(
    readonly limits: { entitiesPerSecond: number; burst: number },
    now: () => number = Date.now,
  ) {
    this.buckets = new TokenBuckets(
      limits.entitiesPerSecond,
      limits.burst,
      now,
    );
  }

  /** The most entity reads one request may be charged. */
  get burst(): number {
    return this.limits.burst;
  }

  /**
   * Takes `entities` tokens from the caller's bucket before any lookup or
   * permission check, or refuses with a TooManyRequestsError (429) that
   * says the limit and when to retry.
   */
  charge(credentials: BackstageCredentials, entities: number): void {
    const taken = this.buckets.take(principalKey(credentials), entities);
    if ('retryAfterSeconds' in taken) {
      const { entitiesPerSecond, burst } = this.limits;
      throw new TooManyRequestsError(
        `Too many status reads: each caller may read ${entitiesPerSecond} entity statuses per second, ${burst} at once (eksPlatform.status.rateLimit); this request reads ${entities}. Retry after ${taken.retryAfterSeconds} s.`,
        taken.retryAfterSeconds,
      );
    }
  }
}
