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

/**
 * An unchanged snapshot is not written again on every poll, so its
 * time-to-live would run out while its data is still current: it is
 * rewritten once it is older than this.
 */
const SNAPSHOT_REWRITE_MS = 60 * 60 * 1000;

/**
 * Two generations per source, each one small key in the shared cache:
 * `content` changes only when some instance's data or error state changed,
 * `polled` after every poll (the instances' `fetchedAt` moved on).
 */
type GenerationKind = 'content' | 'polled';

interface MemoEntry {
  generation: string;
  polled: string;
  /** The snapshot as stored; its `fetchedAt` is the time it was written. */
  content: Snapshot<unknown>;
  /** The last successful poll of the instance, read from its own small key. */
  fetchedAt?: string;
  /** What `get` answers: the content with the last poll's `fetchedAt`. */
  value: Snapshot<unknown>;
}

export class SnapshotStore {
  // In-process copies of snapshots, valid while the source's content
  // generation in the shared cache is unchanged. A poll that finds what is
  // stored already only moves the instance's `fetchedAt` (its own small
  // key) and the `polled` generation, so after it every instance re-reads
  // a few bytes, not the snapshot; between polls a fleet query reads two
  // small keys per source instead of deserialising every snapshot.
  private readonly memo = new Map<string, MemoEntry>();
  // Reads of the shared cache in flight, by key, for one pair of generations.
  private readonly loading = new Map<
    string,
    {
      generation: string;
      polled: string;
      value: Promise<Snapshot<unknown> | undefined>;
    }
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

  private fetchedKey(source: string, instance: string) {
    return `snapshot-fetched:${source}:${instance}`;
  }

  private generationKey(source: string, kind: GenerationKind) {
    return kind === 'content'
      ? `snapshot-generation:${source}`
      : `snapshot-polled:${source}`;
  }

  private readGeneration(source: string, kind: GenerationKind) {
    const memoKey = `${kind}:${source}`;
    const hit = this.generations.get(memoKey);
    if (hit && Date.now() - hit.at < this.generationMemoMs) return hit.value;
    const value = this.cache
      .get(this.generationKey(source, kind))
      .then(v => String(v ?? 'none'));
    this.generations.set(memoKey, { at: Date.now(), value });
    return value;
  }

  /**
   * The source's content generation: it changes when a poll found different
   * data or a failure, on every instance; a poll that found the same data
   * leaves it alone. What is derived from the snapshots' data (not from
   * their `fetchedAt`) may be kept while it is unchanged.
   */
  generation(source: string): Promise<string> {
    return this.readGeneration(source, 'content');
  }

  /** Changes after every poll of the source (its instances' `fetchedAt` moved). */
  polledGeneration(source: string): Promise<string> {
    return this.readGeneration(source, 'polled');
  }

  private async bump(source: string, kind: GenerationKind) {
    const value = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await this.cache.set(this.generationKey(source, kind), value, {
      ttl: SNAPSHOT_TTL_MS,
    });
    this.generations.delete(`${kind}:${source}`);
  }

  /** Marks every snapshot of a source as possibly changed, on all instances. */
  async bumpGeneration(source: string) {
    await this.bump(source, 'content');
    await this.bump(source, 'polled');
  }

  /** Marks a poll that changed nothing but the instances' `fetchedAt`. */
  async bumpPolled(source: string) {
    await this.bump(source, 'polled');
  }

  async get<T>(
    source: string,
    instance: string,
  ): Promise<Snapshot<T> | undefined> {
    const key = this.key(source, instance);
    const [generation, polled] = await Promise.all([
      this.generation(source),
      this.polledGeneration(source),
    ]);
    const hit = this.memo.get(key);
    if (hit && hit.generation === generation && hit.polled === polled)
      return hit.value as Snapshot<T>;
    // After a poll, a fleet query asks for the same snapshot once per
    // entity at the same moment: they share one read (and one parse of a
    // snapshot that may hold the whole fleet), not one each.
    const pending = this.loading.get(key);
    if (
      pending &&
      pending.generation === generation &&
      pending.polled === polled
    )
      return pending.value as Promise<Snapshot<T> | undefined>;
    const value = this.load(source, instance, generation, polled, hit).finally(
      () => {
        if (this.loading.get(key)?.value === value) this.loading.delete(key);
      },
    );
    this.loading.set(key, { generation, polled, value });
    return value as Promise<Snapshot<T> | undefined>;
  }

  private async load(
    source: string,
    instance: string,
    generation: string,
    polled: string,
    hit: MemoEntry | undefined,
  ): Promise<Snapshot<unknown> | undefined> {
    const key = this.key(source, instance);
    // Same content: only the small `fetchedAt` key is read again.
    const [content, fetchedAt] = await Promise.all([
      hit && hit.generation === generation
        ? hit.content
        : (this.cache.get(key) as Promise<Snapshot<unknown> | undefined>),
      hit && hit.polled === polled
        ? hit.fetchedAt
        : (this.cache.get(this.fetchedKey(source, instance)) as Promise<
            string | undefined
          >),
    ]);
    // A miss is not memoised: a cold request waits for the first poll.
    if (!content) return undefined;
    const value =
      fetchedAt && fetchedAt > (content.fetchedAt ?? '')
        ? { ...content, fetchedAt }
        : content;
    // The previous value again when nothing it shows moved: answers built
    // from it stay the same objects.
    const same =
      hit && hit.content === content && hit.value.fetchedAt === value.fetchedAt;
    this.memo.set(key, {
      generation,
      polled,
      content,
      fetchedAt,
      value: same ? hit.value : value,
    });
    return same ? hit.value : value;
  }

  /**
   * A stamp of one instance's stored content (not of its poll time): it
   * changes when a poll wrote different data or a failure for it. For
   * what depends on one instance of a source with many (a service's
   * traces), where the source's generation moves whenever any of them does.
   */
  async contentVersion(source: string, instance: string): Promise<string> {
    await this.get(source, instance);
    const content = this.memo.get(this.key(source, instance))?.content;
    if (!content) return 'none';
    const { fetchedAt, error } = content;
    return `${fetchedAt ?? ''}/${
      error ? `${error.since} ${error.message}` : ''
    }`;
  }

  /**
   * Records a successful read. Returns whether the stored content (data and
   * error state) changed: only then must the source's content generation be
   * bumped. The poll time is recorded either way. Compared with what the
   * shared cache holds, not with this instance's copy, since another
   * backend instance may have run the previous poll.
   */
  async recordSuccess<T>(
    source: string,
    instance: string,
    data: T,
    fetchedAt = new Date(),
  ): Promise<boolean> {
    const key = this.key(source, instance);
    const at = fetchedAt.toISOString();
    const stored = (await this.cache.get(key)) as Snapshot<unknown> | undefined;
    const changed =
      !stored ||
      stored.error !== undefined ||
      JSON.stringify(stored.data) !== JSON.stringify(data);
    const expiring =
      !stored?.fetchedAt ||
      fetchedAt.getTime() - Date.parse(stored.fetchedAt) > SNAPSHOT_REWRITE_MS;
    // The content first: a `fetchedAt` never points at data not yet stored.
    if (changed || expiring) {
      const snapshot: Snapshot<T> = { fetchedAt: at, data };
      await this.write(source, instance, snapshot);
    }
    await this.cache.set(this.fetchedKey(source, instance), at, {
      ttl: SNAPSHOT_TTL_MS,
    });
    return changed;
  }

  /**
   * Keeps the last good data, its time and the time the failures started.
   * A failure always counts as changed content (the caller bumps the
   * content generation): an answer built while the source was fine must
   * not be repeated now that it is stale or failing.
   */
  async recordFailure(
    source: string,
    instance: string,
    message: string,
    now = new Date(),
  ): Promise<true> {
    const key = this.key(source, instance);
    this.memo.delete(key);
    const [previous, lastSuccess] = await Promise.all([
      this.cache.get(key) as Promise<Snapshot<unknown> | undefined>,
      this.cache.get(this.fetchedKey(source, instance)) as Promise<
        string | undefined
      >,
    ]);
    const fetchedAt =
      lastSuccess && lastSuccess > (previous?.fetchedAt ?? '')
        ? lastSuccess
        : previous?.fetchedAt;
    const snapshot: Snapshot<unknown> = {
      fetchedAt,
      data: previous?.data,
      error: { message, since: previous?.error?.since ?? now.toISOString() },
    };
    await this.write(source, instance, snapshot);
    return true;
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
