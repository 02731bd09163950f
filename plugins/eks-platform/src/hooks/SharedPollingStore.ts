/*
 * One request per key, however many components show its answer. The cards
 * of an entity page are separate extensions with no common parent we
 * control, so they share stores built on this one: it deduplicates
 * requests, polls while anyone is subscribed, and pauses while the browser
 * tab is hidden. The status store and the scorecard store are two of them.
 */

export interface PollingSnapshot<T> {
  value?: T;
  /** The last request failed; `value` (if any) is the previous answer. */
  error?: Error;
  loading: boolean;
  /** Epoch ms of the last successful answer. */
  updatedAt?: number;
}

interface Entry<T> {
  key: string;
  snapshot: PollingSnapshot<T>;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
  inFlight?: Promise<void>;
}

export interface SharedPollingStoreOptions {
  intervalMs: number;
  now?: () => number;
  /** Visibility source; `undefined` outside browsers. */
  document?: Pick<
    Document,
    'hidden' | 'addEventListener' | 'removeEventListener'
  >;
}

export class SharedPollingStore<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly doc?: SharedPollingStoreOptions['document'];

  constructor(
    private readonly load: (key: string) => Promise<T>,
    options: SharedPollingStoreOptions,
  ) {
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? Date.now;
    this.doc =
      options.document ??
      (typeof document === 'undefined' ? undefined : document);
  }

  getSnapshot = (key: string): PollingSnapshot<T> => this.entry(key).snapshot;

  subscribe(key: string, listener: () => void): () => void {
    const entry = this.entry(key);
    entry.listeners.add(listener);
    if (entry.listeners.size === 1) this.start(entry);
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0) this.stop(entry);
    };
  }

  /** Fetches now unless a request for the key is already running. */
  refresh(key: string): Promise<void> {
    return this.refreshEntry(this.entry(key));
  }

  private refreshEntry(entry: Entry<T>): Promise<void> {
    if (entry.inFlight) return entry.inFlight;
    this.update(entry, { ...entry.snapshot, loading: true });
    entry.inFlight = this.load(entry.key)
      .then(
        value =>
          this.update(entry, { value, loading: false, updatedAt: this.now() }),
        error =>
          this.update(entry, { ...entry.snapshot, error, loading: false }),
      )
      .finally(() => {
        entry.inFlight = undefined;
      });
    return entry.inFlight;
  }

  private entry(key: string): Entry<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, snapshot: { loading: true }, listeners: new Set() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private isStale(entry: Entry<T>): boolean {
    const { updatedAt } = entry.snapshot;
    return updatedAt === undefined || this.now() - updatedAt >= this.intervalMs;
  }

  private start(entry: Entry<T>) {
    // A cached answer younger than the interval is shown as is: navigating
    // between tabs of one entity page does not refetch.
    if (this.isStale(entry) || entry.snapshot.error)
      void this.refreshEntry(entry);
    entry.timer = setInterval(() => {
      if (!this.doc?.hidden) void this.refreshEntry(entry);
    }, this.intervalMs);
    if (this.entriesWithListeners() === 1) {
      this.doc?.addEventListener('visibilitychange', this.onVisibilityChange);
    }
  }

  private stop(entry: Entry<T>) {
    if (entry.timer) clearInterval(entry.timer);
    entry.timer = undefined;
    if (this.entriesWithListeners() === 0) {
      this.doc?.removeEventListener(
        'visibilitychange',
        this.onVisibilityChange,
      );
    }
  }

  private entriesWithListeners(): number {
    return [...this.entries.values()].filter(e => e.listeners.size > 0).length;
  }

  private readonly onVisibilityChange = () => {
    if (this.doc?.hidden) return;
    // Back from a hidden tab: catch up at once instead of waiting a full interval.
    for (const entry of this.entries.values()) {
      if (entry.listeners.size > 0 && this.isStale(entry))
        void this.refreshEntry(entry);
    }
  };

  private update(entry: Entry<T>, snapshot: PollingSnapshot<T>) {
    entry.snapshot = snapshot;
    entry.listeners.forEach(listener => listener());
  }
}
