/** How long a failed read answers for its key before the next attempt. */
export const FAILURE_TTL_MS = 10_000;

/**
 * Values kept for a fixed time, and one read in flight per key: a fleet page
 * asking for 1,000 services at once costs one upstream call, not 1,000.
 */
export class TtlCache<T> {
  private readonly entries = new Map<
    string,
    { value: Promise<T>; expiresAt: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 5_000,
  ) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > at) return hit.value;
    const value = read();
    this.entries.set(key, { value, expiresAt: at + this.ttlMs });
    // A failed read is kept for a short while only (at most
    // FAILURE_TTL_MS): an unreachable upstream costs one attempt per
    // period, not one per status request, and recovers soon after.
    value.catch(() => {
      const entry = this.entries.get(key);
      if (entry?.value !== value) return;
      entry.expiresAt = Math.min(
        entry.expiresAt,
        this.now() + Math.min(this.ttlMs, FAILURE_TTL_MS),
      );
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  /** Forgets a key, e.g. after a write made its value stale. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
