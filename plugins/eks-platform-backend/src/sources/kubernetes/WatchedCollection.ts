import { ListWatch } from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeApiError, KubeConnection } from './kubeConnection';
import { listAll } from './kubeList';
import { KubeWatch } from './KubeWatch';
import { KubeObject, trimObject } from './trim';

export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

export interface CollectionState {
  synced: boolean;
  /** Last time a LIST completed (the cache was known complete). */
  syncedAt?: string;
  error?: { message: string; since: string };
}

export interface CollectionTiming {
  /** Deadline of one LIST page's request, headers to last byte; also a watch's connect timeout. */
  listTimeoutMs: number;
  /** Deadline of one whole LIST, every page. */
  listTotalTimeoutMs: number;
  /** Server-side lifetime of one watch (`timeoutSeconds`); default random 5–10 min. */
  watchTimeoutSeconds?: number;
  /** Largest body of one LIST page, and largest single watch event. */
  maxResponseBytes: number;
  /** Objects per LIST page (`limit`); 0: unpaged. */
  listPageSize: number;
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** A safe description of a watch failure: status code or errno, never the URL. */
function describeWatchError(err: any): string {
  if (err instanceof KubeApiError) return err.message;
  const status = err?.statusCode ?? err?.code;
  if (typeof status === 'number') return `watch answered HTTP ${status}`;
  if (typeof err?.code === 'string') return `watch failed: ${err.code}`;
  if (err?.name === 'AbortError') return 'watch aborted';
  return 'watch failed';
}

/**
 * One informer (LIST then WATCH, re-LIST on 410) over one resource type of
 * one cluster, optionally label-filtered. It keeps trimmed objects in
 * memory, an index by `backstage.io/kubernetes-id`, and its sync/error
 * state; on failure it retries with backoff and keeps the last good objects.
 */
export class WatchedCollection {
  private readonly informer: ListWatch<any>;
  private readonly byId = new Map<string, Map<string, KubeObject>>();
  private readonly idOfKey = new Map<string, string>();
  private state: CollectionState = { synced: false };
  private backoffMs = MIN_BACKOFF_MS;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Aborted on stop(): LISTs and WATCHes in flight end, and none starts after. */
  private lifetime = new AbortController();
  private readonly syncWaiters = new Set<() => void>();
  /** Incremented on every change, so readers can tell whether anything moved. */
  version = 0;
  /** Called after any change (benchmarks and tests use it to time propagation). */
  onChange?: () => void;

  constructor(
    readonly kind: string,
    path: string,
    private readonly connection: KubeConnection,
    readonly labelSelector: string | undefined,
    private readonly timing: CollectionTiming,
    private readonly logger: LoggerService,
  ) {
    const listFn = async () => {
      const list = await listAll(
        this.connection,
        path,
        this.labelSelector,
        {
          timeoutMs: this.timing.listTimeoutMs,
          totalTimeoutMs: this.timing.listTotalTimeoutMs,
          maxBytes: this.timing.maxResponseBytes,
          pageSize: this.timing.listPageSize,
          signal: this.lifetime.signal,
        },
        // Trimmed item by item as the page streams in: no page is ever held whole.
        item => trimObject(kind, item),
      );
      this.markSynced();
      return list as any;
    };
    const watch = new KubeWatch(connection, {
      connectTimeoutMs: timing.listTimeoutMs,
      timeoutSeconds: timing.watchTimeoutSeconds,
      maxEventBytes: timing.maxResponseBytes,
      signal: () => this.lifetime.signal,
    });
    // A watch resumed from the last resourceVersion after a failure: the
    // server replays what happened meanwhile (or answers 410, and the
    // informer re-lists), so the cache is whole again.
    watch.onEstablished = () => {
      if (this.state.synced && this.state.error) this.markSynced();
    };
    this.informer = new ListWatch<any>(
      path,
      watch,
      listFn,
      false,
      labelSelector,
    );
    const upsert = (obj: KubeObject) => {
      trimObject(kind, obj);
      this.index(obj);
      this.changed();
    };
    this.informer.on('add', upsert);
    this.informer.on('update', upsert);
    this.informer.on('delete', obj => {
      this.unindex(obj);
      this.changed();
    });
    this.informer.on('connect', () => {
      // A (re)connected watch after a failure: the error run is over once
      // the next LIST or event arrives; keep `error` until then.
    });
    this.informer.on('error', err => this.failed(err));
  }

  start() {
    this.stopped = false;
    if (this.lifetime.signal.aborted) this.lifetime = new AbortController();
    this.informer.start().catch(err => this.failed(err));
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.lifetime.abort();
    await this.informer.stop();
    for (const waiter of Array.from(this.syncWaiters)) waiter();
  }

  getState(): CollectionState {
    return this.state;
  }

  /** Changes with any object and with the sync state: what a cached answer depends on. */
  signature(): string {
    const { synced, syncedAt, error } = this.state;
    return `${this.version}/${synced ? 1 : 0}/${syncedAt ?? ''}/${
      error ? `${error.since} ${error.message}` : ''
    }`;
  }

  /**
   * The resourceVersion the informer resumes from: the last event's, or a
   * BOOKMARK's, which keeps a quiet filtered watch current.
   */
  get resourceVersion(): string {
    return this.informer.latestResourceVersion();
  }

  /**
   * Resolves when synced, failed, or at the deadline, whichever comes
   * first. Only a first LIST still in flight is worth waiting for: a
   * cluster known to be failing is reported at once, not at the deadline.
   */
  waitForSync(deadline: number): Promise<void> {
    if (this.state.synced || this.state.error || Date.now() >= deadline) {
      return Promise.resolve();
    }
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.syncWaiters.delete(done);
        resolve();
      };
      timer = setTimeout(done, deadline - Date.now());
      this.syncWaiters.add(done);
    });
  }

  list(namespace?: string): readonly KubeObject[] {
    return this.informer.list(namespace);
  }

  get(name: string, namespace?: string): KubeObject | undefined {
    return this.informer.get(name, namespace);
  }

  /** Objects labelled `backstage.io/kubernetes-id=<id>`: the fast path for most entities. */
  listById(id: string): KubeObject[] {
    return Array.from(this.byId.get(id)?.values() ?? []);
  }

  count(): number {
    return this.idOfKey.size || this.informer.list().length;
  }

  private markSynced() {
    this.state = { synced: true, syncedAt: new Date().toISOString() };
    this.backoffMs = MIN_BACKOFF_MS;
    for (const waiter of Array.from(this.syncWaiters)) waiter();
  }

  private failed(err: unknown) {
    if (this.stopped) return;
    const message = describeWatchError(err);
    // Objects stay in the informer: the status shows them as stale.
    this.state = {
      ...this.state,
      error: {
        message,
        since: this.state.error?.since ?? new Date().toISOString(),
      },
    };
    this.logger.warn(
      `Watch of ${this.kind} failed: ${message}; retrying in ${this.backoffMs} ms`,
    );
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      // Like client-go's reflector: resume from the last resourceVersion
      // (the informer keeps it; it is empty only if no LIST succeeded yet,
      // or after a 410, and then the informer LISTs first).
      this.informer.start().catch(e => this.failed(e));
    }, this.backoffMs);
    this.retryTimer.unref?.();
    for (const waiter of Array.from(this.syncWaiters)) waiter();
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
  }

  private changed() {
    this.version++;
    this.onChange?.();
  }

  private key(obj: KubeObject) {
    return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
  }

  private index(obj: KubeObject) {
    const key = this.key(obj);
    const previous = this.idOfKey.get(key);
    const id = obj.metadata.labels?.[KUBERNETES_ID_LABEL] ?? '';
    if (previous !== undefined && previous !== id)
      this.byId.get(previous)?.delete(key);
    let bucket = this.byId.get(id);
    if (!bucket) {
      bucket = new Map();
      this.byId.set(id, bucket);
    }
    bucket.set(key, obj);
    this.idOfKey.set(key, id);
  }

  private unindex(obj: KubeObject) {
    const key = this.key(obj);
    const id = this.idOfKey.get(key);
    if (id !== undefined) this.byId.get(id)?.delete(key);
    this.idOfKey.delete(key);
  }
}
