import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * What the poller last learned from one upstream instance. Kept in the
 * shared cache (Redis in production), so every backend instance serves the
 * same copy and only the instance running the scheduled task calls upstream.
 */
export interface Snapshot<T> {
  /** ISO time of the last successful read; absent if it never succeeded. */
  fetchedAt?: string;
  data?: T;
  /** The current run of failures, if the last attempt failed. */
  error?: { message: string; since: string };
}

/** Snapshots outlive many refresh intervals: a dead upstream still shows its last good data. */
const SNAPSHOT_TTL_MS = 24 * 60 * 60 * 1000;

export class SnapshotStore {
  // In-process copies of snapshots, valid while the source's generation in
  // the shared cache is unchanged. The poller bumps the generation after
  // each poll, so every instance reloads then; between polls a fleet query
  // reads one small key per source instead of deserialising every snapshot.
  private readonly memo = new Map<
    string,
    { generation: string; value: Snapshot<unknown> }
  >();
  // Reads of the shared cache in flight, by key, for one generation.
  private readonly loading = new Map<
    string,
    { generation: string; value: Promise<Snapshot<unknown> | undefined> }
  >();
  private readonly generations = new Map<
    string,
    { at: number; value: Promise<string> }
  >();

  constructor(
    private readonly cache: CacheService,
    /** How long a read generation is trusted before asking the cache again. */
    private readonly generationMemoMs = 250,
  ) {}

  private key(source: string, instance: string) {
    return `snapshot:${source}:${instance}`;
  }

  private generationKey(source: string) {
    return `snapshot-generation:${source}`;
  }

  /** The source's current generation: it changes after every poll, on every instance. */
  generation(source: string): Promise<string> {
    const hit = this.generations.get(source);
    if (hit && Date.now() - hit.at < this.generationMemoMs) return hit.value;
    const value = this.cache
      .get(this.generationKey(source))
      .then(v => String(v ?? 'none'));
    this.generations.set(source, { at: Date.now(), value });
    return value;
  }

  /** Marks every snapshot of a source as possibly changed, on all instances. */
  async bumpGeneration(source: string) {
    const value = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await this.cache.set(this.generationKey(source), value, {
      ttl: SNAPSHOT_TTL_MS,
    });
    this.generations.delete(source);
  }

  async get<T>(
    source: string,
    instance: string,
  ): Promise<Snapshot<T> | undefined> {
    const key = this.key(source, instance);
    const generation = await this.generation(source);
    const hit = this.memo.get(key);
    if (hit && hit.generation === generation) return hit.value as Snapshot<T>;
    // After a poll, a fleet query asks for the same snapshot once per
    // entity at the same moment: they share one read (and one parse of a
    // snapshot that may hold the whole fleet), not one each.
    const pending = this.loading.get(key);
    if (pending && pending.generation === generation)
      return pending.value as Promise<Snapshot<T> | undefined>;
    const value = (
      this.cache.get(key) as Promise<Snapshot<T> | undefined>
    ).then(
      loaded => {
        if (this.loading.get(key)?.value === value) this.loading.delete(key);
        // A miss is not memoised: a cold request waits for the first poll.
        if (loaded) this.memo.set(key, { generation, value: loaded });
        return loaded;
      },
      error => {
        if (this.loading.get(key)?.value === value) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, { generation, value });
    return value;
  }

  async recordSuccess<T>(
    source: string,
    instance: string,
    data: T,
    fetchedAt = new Date(),
  ) {
    const snapshot: Snapshot<T> = { fetchedAt: fetchedAt.toISOString(), data };
    await this.write(source, instance, snapshot);
  }

  /** Keeps the last good data and the time the failures started. */
  async recordFailure(
    source: string,
    instance: string,
    message: string,
    now = new Date(),
  ) {
    const key = this.key(source, instance);
    this.memo.delete(key);
    const previous = (await this.cache.get(key)) as
      | Snapshot<unknown>
      | undefined;
    const snapshot: Snapshot<unknown> = {
      fetchedAt: previous?.fetchedAt,
      data: previous?.data,
      error: { message, since: previous?.error?.since ?? now.toISOString() },
    };
    await this.write(source, instance, snapshot);
  }

  private async write(
    source: string,
    instance: string,
    snapshot: Snapshot<unknown>,
  ) {
    const key = this.key(source, instance);
    this.memo.delete(key);
    this.loading.delete(key);
    await this.cache.set(key, snapshot as unknown as JsonValue, {
      ttl: SNAPSHOT_TTL_MS,
    });
  }
}
