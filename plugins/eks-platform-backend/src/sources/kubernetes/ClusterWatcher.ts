import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { KubeConnection } from './kubeConnection';
import { NETWORK_POLICIES_PATH } from './networkPolicies';
import { SharedIndex } from './sharedIndex';
import {
  CollectionState,
  CollectionTiming,
  KUBERNETES_ID_LABEL,
  WatchedCollection,
} from './WatchedCollection';

/**
 * Workload kinds, watched label-filtered: only objects that belong to some
 * entity. Custom selectors are watched inside one namespace each.
 */
export const WORKLOAD_KINDS = {
  deployments: { prefix: '/apis/apps/v1', resource: 'deployments' },
  replicasets: { prefix: '/apis/apps/v1', resource: 'replicasets' },
  pods: { prefix: '/api/v1', resource: 'pods' },
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

function workloadPath(kind: WorkloadKind, namespace?: string): string {
  const { prefix, resource } = WORKLOAD_KINDS[kind];
  return namespace
    ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${resource}`
    : `${prefix}/${resource}`;
}

/** Limits on the watch sets of entities with their own label selector, per cluster. */
export interface CustomSelectorLimits {
  /** A set nobody read for this long is stopped and dropped. */
  idleMs: number;
  /** Sets one owning group (`spec.owner`) may hold. */
  maxPerOwner: number;
  /** Sets all owners together may hold. */
  maxTotal: number;
}

export const DEFAULT_CUSTOM_SELECTOR_LIMITS: CustomSelectorLimits = {
  idleMs: 15 * 60_000,
  maxPerOwner: 10,
  maxTotal: 100,
};

export interface WorkloadSet {
  collections: Record<WorkloadKind, WatchedCollection>;
}

interface CustomSet extends WorkloadSet {
  namespace: string;
  selector: string;
  /** The group whose entity started the set: it counts against that group's cap. */
  owner: string;
  lastReadAt: number;
}

/** A custom set, or why there is none: which cap was hit and what to do. */
export type CustomSetAnswer = { set: WorkloadSet } | { refused: string };

/**
 * The watch caches of one cluster: the default label-filtered workload set
 * (cluster-wide, objects carrying `backstage.io/kubernetes-id`, indexed by
 * it), the shared kinds, and watch sets for custom label selectors — each
 * confined to one namespace, started on first read, dropped when nobody
 * read it for `idleMs`, and capped per owning group and in total so that
 * no team can use up the cluster's watches for everyone.
 */
export class ClusterWatcher {
  readonly defaultSet: WorkloadSet;
  private readonly customSets = new Map<string, CustomSet>();
  readonly shared: Record<SharedKind, WatchedCollection>;
  /**
   * Optional: a cluster whose RBAC does not let the portal read
   * NetworkPolicies still serves every other fact; only the policies are
   * then unknown. So this collection never taints a cluster's state.
   */
  readonly networkPolicies: WatchedCollection;
  readonly index: SharedIndex;
  private readonly connection: KubeConnection;
  private readonly limits: CustomSelectorLimits;
  private sweepTimer?: NodeJS.Timeout;
  onChange?: () => void;

  constructor(
    readonly cluster: ClusterDetails,
    connection: KubeConnection,
    private readonly timing: CollectionTiming,
    private readonly logger: LoggerService,
    limits: Partial<CustomSelectorLimits> = {},
  ) {
    this.connection = connection;
    this.limits = { ...DEFAULT_CUSTOM_SELECTOR_LIMITS, ...limits };
    this.shared = Object.fromEntries(
      Object.entries(SHARED_KINDS).map(([kind, path]) => [
        kind,
        this.collection(kind, path),
      ]),
    ) as Record<SharedKind, WatchedCollection>;
    this.networkPolicies = this.collection(
      'networkpolicies',
      NETWORK_POLICIES_PATH,
    );
    this.index = new SharedIndex(this.shared.hpas, this.shared.pdbs);
    this.defaultSet = this.workloads(undefined, DEFAULT_SELECTOR);
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

  private workloads(namespace: string | undefined, selector: string) {
    return {
      collections: Object.fromEntries(
        (Object.keys(WORKLOAD_KINDS) as WorkloadKind[]).map(kind => [
          kind,
          this.collection(kind, workloadPath(kind, namespace), selector),
        ]),
      ) as Record<WorkloadKind, WatchedCollection>,
    };
  }

  /**
   * The watch set of a custom selector (canonical form) in one namespace,
   * started on first use; each read keeps it from being evicted.
   */
  customSet(
    namespace: string,
    selector: string,
    owner: string,
  ): CustomSetAnswer {
    const key = `${namespace}\u0000${selector}`;
    const existing = this.customSets.get(key);
    if (existing) {
      existing.lastReadAt = Date.now();
      return { set: existing };
    }
    const idleMinutes = Math.round((this.limits.idleMs / 60_000) * 10) / 10;
    const freed = `Sets nobody reads for ${idleMinutes} min are freed. Label the workloads with backstage.io/kubernetes-id instead (they need no watches of their own), or ask the platform team to raise the limit.`;
    if (this.customSets.size >= this.limits.maxTotal) {
      return {
        refused: `cluster ${this.cluster.name} already watches ${this.customSets.size} custom label selectors, the limit for all teams together (eksPlatform.status.kubernetes.customSelectors.maxTotal: ${this.limits.maxTotal}), so this entity's selector is not watched. ${freed}`,
      };
    }
    const owned = this.customSetCount(owner);
    if (owned >= this.limits.maxPerOwner) {
      return {
        refused: `${owner} already has ${owned} custom label-selector watch sets on cluster ${this.cluster.name}, its limit (eksPlatform.status.kubernetes.customSelectors.maxPerOwner: ${this.limits.maxPerOwner}), so this entity's selector is not watched. ${freed}`,
      };
    }
    const set: CustomSet = {
      ...this.workloads(namespace, selector),
      namespace,
      selector,
      owner,
      lastReadAt: Date.now(),
    };
    this.customSets.set(key, set);
    if (this.started) Object.values(set.collections).forEach(c => c.start());
    return { set };
  }

  /** Custom watch sets held, by one owner or in total. */
  customSetCount(owner?: string): number {
    let n = 0;
    for (const set of this.customSets.values())
      if (owner === undefined || set.owner === owner) n++;
    return n;
  }

  /** Stops and drops the custom sets nobody read for the idle time. */
  evictIdle(now = Date.now()) {
    for (const [key, set] of this.customSets) {
      if (now - set.lastReadAt < this.limits.idleMs) continue;
      this.customSets.delete(key);
      Object.values(set.collections).forEach(c => c.stop());
      this.logger.info(
        `Stopped the watches of label selector '${set.selector}' in namespace ${set.namespace} of cluster ${this.cluster.name}: not read for ${this.limits.idleMs} ms`,
      );
    }
  }

  private started = false;

  start() {
    this.started = true;
    Object.values(this.shared).forEach(c => c.start());
    this.networkPolicies.start();
    for (const set of [this.defaultSet, ...this.customSets.values()])
      Object.values(set.collections).forEach(c => c.start());
    clearInterval(this.sweepTimer);
    this.sweepTimer = setInterval(
      () => this.evictIdle(),
      Math.max(50, Math.min(this.limits.idleMs / 2, 60_000)),
    );
    this.sweepTimer.unref?.();
  }

  async stop() {
    this.started = false;
    clearInterval(this.sweepTimer);
    await Promise.all(
      [
        ...Object.values(this.shared),
        this.networkPolicies,
        ...[this.defaultSet, ...this.customSets.values()].flatMap(s =>
          Object.values(s.collections),
        ),
      ].map(c => c.stop()),
    );
  }

  /** Every collection an answer from `sets` depends on. */
  collectionsFor(sets: WorkloadSet[]): WatchedCollection[] {
    return [
      ...sets.flatMap(set => Object.values(set.collections)),
      ...Object.values(this.shared),
    ];
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

  /** Changes whenever any collection of this cluster changed its objects or its sync state. */
  signature(): string {
    const parts: string[] = [];
    for (const c of Object.values(this.shared)) parts.push(c.signature());
    parts.push(this.networkPolicies.signature());
    for (const set of [this.defaultSet, ...this.customSets.values()]) {
      for (const c of Object.values(set.collections)) parts.push(c.signature());
    }
    return parts.join(',');
  }

  /** The pod caches of every watch set (default and custom), for fleet-wide facts such as running images. */
  podCollections(): WatchedCollection[] {
    return [this.defaultSet, ...this.customSets.values()].map(
      set => set.collections.pods,
    );
  }

  /** Objects of the cached kinds, for the heap benchmark. */
  objectCount(): number {
    let n = 0;
    for (const c of Object.values(this.shared)) n += c.list().length;
    n += this.networkPolicies.list().length;
    for (const set of [this.defaultSet, ...this.customSets.values()]) {
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
