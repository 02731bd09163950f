import { Entity } from '@backstage/catalog-model';

/**
 * Entities a caller was allowed to read, as the catalog gave them to that
 * caller, for a few seconds. Only allowed reads are ever stored: a
 * not-found or a denial is asked again on the next request, so the cache
 * can delay a revocation by at most `ttlMs` but can never widen access.
 * Entries are keyed by caller AND entity ref: one caller's entry is never
 * another's. Bounded: the least recently used entry goes first.
 *
 * The catalog of Backstage 1.55 publishes no entity-changed events (only
 * its errors and conflicts topics), so the time-to-live is the bound on how
 * long a changed owner, a deleted entity or a revoked permission can take
 * to show.
 */
export class AccessCache {
  // A Map iterates in insertion order; a hit re-inserts its entry, so the
  // first key is always the least recently used.
  private readonly entries = new Map<
    string,
    { entity: Entity; expiresAt: number }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** A JSON pair, so no principal or ref can spell another's key. */
  private key(principal: string, entityRef: string) {
    return JSON.stringify([principal, entityRef]);
  }

  get size() {
    return this.entries.size;
  }

  get(principal: string, entityRef: string): Entity | undefined {
    const key = this.key(principal, entityRef);
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expiresAt <= this.now()) return undefined;
    this.entries.set(key, hit);
    return hit.entity;
  }

  /** Call only once the catalog returned the entity to this caller AND the status permission allowed it. */
  rememberAllowed(principal: string, entityRef: string, entity: Entity) {
    if (this.options.ttlMs <= 0) return;
    const key = this.key(principal, entityRef);
    this.entries.delete(key);
    this.entries.set(key, {
      entity,
      expiresAt: this.now() + this.options.ttlMs,
    });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
