import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { KubeConnection } from './kubeConnection';
import { SharedIndex } from './sharedIndex';
import {
  CollectionState,
  CollectionTiming,
  KUBERNETES_ID_LABEL,
  WatchedCollection,
} from './WatchedCollection';

/** Workload kinds, watched label-filtered: only objects that belong to some entity. */
export const WORKLOAD_KINDS = {
  deployments: '/apis/apps/v1/deployments',
  replicasets: '/apis/apps/v1/replicasets',
  pods: '/api/v1/pods',
} as const;

/**
 * Cluster-wide kinds: HPAs and PDBs point at workloads by name or selector
 * and often lack the entity label; nodes give pods their zone.
 */
export const SHARED_KINDS = {
  hpas: '/apis/autoscaling/v2/horizontalpodautoscalers',
  pdbs: '/apis/policy/v1/poddisruptionbudgets',
  nodes: '/api/v1/nodes',
} as const;

export type WorkloadKind = keyof typeof WORKLOAD_KINDS;
export type SharedKind = keyof typeof SHARED_KINDS;

/** The default workload selector: every object carrying the standard entity label. */
export const DEFAULT_SELECTOR = KUBERNETES_ID_LABEL;

/** Entities with their own label selector get their own watches, up to this many per cluster. */
const MAX_CUSTOM_SELECTORS = 100;

export interface WorkloadSet {
  collections: Record<WorkloadKind, WatchedCollection>;
}

/**
 * The watch caches of one cluster: the default label-filtered workload
 * set, lazily added sets for custom label selectors, and the shared kinds.
 */
export class ClusterWatcher {
  private readonly workloadSets = new Map<string, WorkloadSet>();
  readonly shared: Record<SharedKind, WatchedCollection>;
  readonly index: SharedIndex;
  private readonly connection: KubeConnection;
  onChange?: () => void;

  constructor(
    readonly cluster: ClusterDetails,
    connection: KubeConnection,
    private readonly timing: CollectionTiming,
    private readonly logger: LoggerService,
  ) {
    this.connection = connection;
    this.shared = Object.fromEntries(
      Object.entries(SHARED_KINDS).map(([kind, path]) => [
        kind,
        this.collection(kind, path),
      ]),
    ) as Record<SharedKind, WatchedCollection>;
    this.index = new SharedIndex(this.shared.hpas, this.shared.pdbs);
    this.workloadSet(DEFAULT_SELECTOR);
  }

  private collection(kind: string, path: string, selector?: string) {
    const c = new WatchedCollection(
      kind,
      path,
      this.connection,
      selector,
      this.timing,
      this.logger.child({ cluster: this.cluster.name, kind }),
    );
    c.onChange = () => this.onChange?.();
    return c;
  }

  /** The workload set for a selector, started on first use. */
  workloadSet(selector: string): WorkloadSet | undefined {
    let set = this.workloadSets.get(selector);
    if (set) return set;
    if (this.workloadSets.size > MAX_CUSTOM_SELECTORS) return undefined;
    set = {
      collections: Object.fromEntries(
        Object.entries(WORKLOAD_KINDS).map(([kind, path]) => [
          kind,
          this.collection(kind, path, selector),
        ]),
      ) as Record<WorkloadKind, WatchedCollection>,
    };
    this.workloadSets.set(selector, set);
    if (this.started) Object.values(set.collections).forEach(c => c.start());
    return set;
  }

  private started = false;

  start() {
    this.started = true;
    Object.values(this.shared).forEach(c => c.start());
    for (const set of this.workloadSets.values())
      Object.values(set.collections).forEach(c => c.start());
  }

  async stop() {
    this.started = false;
    await Promise.all([
      ...Object.values(this.shared).map(c => c.stop()),
      ...Array.from(this.workloadSets.values()).flatMap(s =>
        Object.values(s.collections).map(c => c.stop()),
      ),
    ]);
  }

  /** Every collection an answer for `set` depends on. */
  collectionsFor(set: WorkloadSet): WatchedCollection[] {
    return [...Object.values(set.collections), ...Object.values(this.shared)];
  }

  /** Worst state across the collections: unsynced or failing anywhere taints the answer. */
  static combinedState(collections: WatchedCollection[]): CollectionState {
    let synced = true;
    let syncedAt: string | undefined;
    let error: CollectionState['error'];
    for (const c of collections) {
      const s = c.getState();
      synced = synced && s.synced;
      if (s.syncedAt && (!syncedAt || s.syncedAt < syncedAt))
        syncedAt = s.syncedAt;
      if (s.error && (!error || s.error.since < error.since)) error = s.error;
    }
    return { synced, syncedAt, error };
  }

  /** Objects of the cached kinds, for the heap benchmark. */
  objectCount(): number {
    let n = 0;
    for (const c of Object.values(this.shared)) n += c.list().length;
    for (const set of this.workloadSets.values()) {
      for (const c of Object.values(set.collections)) n += c.list().length;
    }
    return n;
  }

  private zonesVersion = -1;
  private zones: string[] = [];

  /** The zones the cluster's nodes are in, recomputed only when nodes change. */
  clusterZones(): string[] {
    if (this.zonesVersion !== this.shared.nodes.version) {
      this.zonesVersion = this.shared.nodes.version;
      const zones = new Set<string>();
      for (const node of this.shared.nodes.list()) {
        const zone = node.metadata.labels?.['topology.kubernetes.io/zone'];
        if (zone) zones.add(zone);
      }
      this.zones = Array.from(zones).sort();
    }
    return this.zones;
  }

  zoneOfNode(name: string): string | undefined {
    return this.shared.nodes.get(name)?.metadata.labels?.[
      'topology.kubernetes.io/zone'
    ];
  }
}
