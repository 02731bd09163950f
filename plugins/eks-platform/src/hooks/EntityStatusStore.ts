/*
 * One status request per entity and view, however many cards show it. The
 * cards of an entity page are separate extensions with no common parent we
 * control, so they share this store: it deduplicates requests, polls while
 * anyone is subscribed, and pauses while the browser tab is hidden. The
 * overview's verdicts read the small `summary` view, the detail cards the
 * `full` one; each view is its own entry.
 */
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, StatusView } from '../api';

export interface StatusSnapshot {
  status?: EntityPlatformStatus;
  /** The last request failed; `status` (if any) is the previous answer. */
  error?: Error;
  loading: boolean;
  /** Epoch ms of the last successful answer. */
  updatedAt?: number;
}

interface Entry {
  entityRef: string;
  view: StatusView;
  snapshot: StatusSnapshot;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
  inFlight?: Promise<void>;
}

export interface EntityStatusStoreOptions {
  intervalMs?: number;
  now?: () => number;
  /** Visibility source; `undefined` outside browsers. */
  document?: Pick<
    Document,
    'hidden' | 'addEventListener' | 'removeEventListener'
  >;
}

export const DEFAULT_REFRESH_INTERVAL_MS = 15_000;

export class EntityStatusStore {
  private readonly entries = new Map<string, Entry>();
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly doc?: EntityStatusStoreOptions['document'];

  constructor(
    private readonly api: EksPlatformApi,
    options: EntityStatusStoreOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
    this.now = options.now ?? Date.now;
    this.doc =
      options.document ??
      (typeof document === 'undefined' ? undefined : document);
  }

  getSnapshot = (
    entityRef: string,
    view: StatusView = 'full',
  ): StatusSnapshot => this.entry(entityRef, view).snapshot;

  subscribe(
    entityRef: string,
    listener: () => void,
    view: StatusView = 'full',
  ): () => void {
    const entry = this.entry(entityRef, view);
    entry.listeners.add(listener);
    if (entry.listeners.size === 1) this.start(entry);
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0) this.stop(entry);
    };
  }

  /** Fetches now unless a request for the entity and view is already running. */
  refresh(entityRef: string, view: StatusView = 'full'): Promise<void> {
    return this.refreshEntry(this.entry(entityRef, view));
  }

  private refreshEntry(entry: Entry): Promise<void> {
    if (entry.inFlight) return entry.inFlight;
    this.update(entry, { ...entry.snapshot, loading: true });
    entry.inFlight = this.api
      .getEntityStatus(entry.entityRef, { view: entry.view })
      .then(
        status =>
          this.update(entry, { status, loading: false, updatedAt: this.now() }),
        error =>
          this.update(entry, { ...entry.snapshot, error, loading: false }),
      )
      .finally(() => {
        entry.inFlight = undefined;
      });
    return entry.inFlight;
  }

  private entry(entityRef: string, view: StatusView): Entry {
    const key = `${view} ${entityRef}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        entityRef,
        view,
        snapshot: { loading: true },
        listeners: new Set(),
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private isStale(entry: Entry): boolean {
    const { updatedAt } = entry.snapshot;
    return updatedAt === undefined || this.now() - updatedAt >= this.intervalMs;
  }

  private start(entry: Entry) {
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

  private stop(entry: Entry) {
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

  private update(entry: Entry, snapshot: StatusSnapshot) {
    entry.snapshot = snapshot;
    entry.listeners.forEach(listener => listener());
  }
}

const stores = new WeakMap<EksPlatformApi, EntityStatusStore>();

/** The store shared by every card that reads through the same API instance. */
export function storeFor(api: EksPlatformApi): EntityStatusStore {
  let store = stores.get(api);
  if (!store) {
    store = new EntityStatusStore(api);
    stores.set(api, store);
  }
  return store;
}
