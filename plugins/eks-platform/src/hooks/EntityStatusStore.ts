/*
 * One status request per entity and view, however many cards show it (see
 * SharedPollingStore). The overview's verdicts read the small `summary`
 * view of the status, the detail cards the `full` one; each view is its
 * own entry.
 */
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, StatusView } from '../api';
import { PollingSnapshot, SharedPollingStore } from './SharedPollingStore';

export interface StatusSnapshot {
  status?: EntityPlatformStatus;
  /** The last request failed; `status` (if any) is the previous answer. */
  error?: Error;
  loading: boolean;
  /** Epoch ms of the last successful answer. */
  updatedAt?: number;
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

const VIEWS: StatusView[] = ['full', 'summary'];

const keyOf = (entityRef: string, view: StatusView) => `${view} ${entityRef}`;

function parseKey(key: string): { entityRef: string; view: StatusView } {
  const space = key.indexOf(' ');
  const view = key.slice(0, space) as StatusView;
  return {
    entityRef: key.slice(space + 1),
    view: VIEWS.includes(view) ? view : 'full',
  };
}

export class EntityStatusStore {
  private readonly store: SharedPollingStore<EntityPlatformStatus>;
  // One StatusSnapshot object per underlying snapshot: useSyncExternalStore
  // re-renders whenever getSnapshot returns a new object.
  private readonly snapshots = new WeakMap<
    PollingSnapshot<EntityPlatformStatus>,
    StatusSnapshot
  >();

  constructor(api: EksPlatformApi, options: EntityStatusStoreOptions = {}) {
    this.store = new SharedPollingStore(
      key => {
        const { entityRef, view } = parseKey(key);
        return api.getEntityStatus(entityRef, { view });
      },
      {
        ...options,
        intervalMs: options.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
      },
    );
  }

  getSnapshot = (
    entityRef: string,
    view: StatusView = 'full',
  ): StatusSnapshot => {
    const polled = this.store.getSnapshot(keyOf(entityRef, view));
    let snapshot = this.snapshots.get(polled);
    if (!snapshot) {
      const { value, ...rest } = polled;
      snapshot = value ? { ...rest, status: value } : rest;
      this.snapshots.set(polled, snapshot);
    }
    return snapshot;
  };

  subscribe(
    entityRef: string,
    listener: () => void,
    view: StatusView = 'full',
  ): () => void {
    return this.store.subscribe(keyOf(entityRef, view), listener);
  }

  /** Fetches now unless a request for the entity and view is already running. */
  refresh(entityRef: string, view: StatusView = 'full'): Promise<void> {
    return this.store.refresh(keyOf(entityRef, view));
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
