import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterDetails,
  AuthenticationStrategy,
} from '@backstage/plugin-kubernetes-node';
import {
  ClusterWorkloads,
  KubernetesStatus,
  SourceError,
  SourceResult,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  ClusterWatcher,
  CustomSelectorLimits,
  WorkloadKind,
  WorkloadSet,
} from './ClusterWatcher';
import { unsupportedAuthReason } from './clusters';
import { KubeConnection } from './kubeConnection';
import { networkPoliciesSelecting } from './networkPolicies';
import { computePlacement } from './placement';
import {
  summarizeDeployment,
  summarizeHpa,
  summarizePdb,
  summarizePod,
} from './summarize';
import { KubeObject } from './trim';

export interface KubernetesSourceOptions {
  /** Deadline of one LIST page's request, headers to last byte (default 10 s); also a watch's connect timeout. */
  listTimeoutMs?: number;
  /** Deadline of one whole LIST, every page (default 60 s, at least `listTimeoutMs`). */
  listTotalTimeoutMs?: number;
  /**
   * How long the server keeps one watch open before the informer resumes
   * it (default: random 5–10 min, as client-go's reflector does).
   */
  watchTimeoutSeconds?: number;
  /** Largest LIST page body and largest watch event (default 32 MB). */
  maxResponseBytes?: number;
  /** Objects per LIST page (default 500, client-go's page size; 0: unpaged). */
  listPageSize?: number;
  /** Idle eviction and caps of custom-selector watch sets. */
  customSelectors?: Partial<CustomSelectorLimits>;
}

export const DEFAULT_LIST_TIMEOUT_MS = 10_000;
export const DEFAULT_LIST_TOTAL_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_LIST_PAGE_SIZE = 500;

/** Where an entity's workloads may be looked up on one cluster, or why nowhere. */
export type NamespaceScope = { namespaces: string[] } | { refused: string };

export interface KubernetesTarget {
  /** The `backstage.io/kubernetes-id`: served from the shared, indexed watch set. */
  id?: string;
  /** A custom label selector, canonical (`formatLabelSelector`): its own watch sets. */
  selector?: string;
  /** The owning group (canonical ref): custom watch sets count against its cap. */
  owner: string;
  /** The namespaces to look in, per cluster; never the whole cluster. */
  scope(cluster: string): NamespaceScope;
}

/**
 * Serves each entity's workloads from per-cluster watch caches. A request
 * never calls a cluster: it waits (up to its deadline) only for caches that
 * have not finished their first LIST, and reports each cluster's state.
 */
export class KubernetesSource {
  private readonly watchers: ClusterWatcher[] = [];
  private readonly unsupported: Array<{
    cluster: ClusterDetails;
    reason: string;
  }> = [];

  constructor(
    clusters: ClusterDetails[],
    strategy: AuthenticationStrategy,
    logger: LoggerService,
    options: KubernetesSourceOptions = {},
  ) {
    const listTimeoutMs = options.listTimeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
    for (const cluster of clusters) {
      const reason = unsupportedAuthReason(cluster);
      if (reason) {
        this.unsupported.push({ cluster, reason });
        logger.warn(
          `Kubernetes cluster '${cluster.name}' is not watched: ${reason}`,
        );
        continue;
      }
      this.watchers.push(
        new ClusterWatcher(
          cluster,
          new KubeConnection(cluster, strategy),
          {
            listTimeoutMs,
            listTotalTimeoutMs: Math.max(
              listTimeoutMs,
              options.listTotalTimeoutMs ?? DEFAULT_LIST_TOTAL_TIMEOUT_MS,
            ),
            watchTimeoutSeconds: options.watchTimeoutSeconds,
            maxResponseBytes:
              options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            listPageSize: options.listPageSize ?? DEFAULT_LIST_PAGE_SIZE,
          },
          logger,
          options.customSelectors,
        ),
      );
    }
  }

  get configured(): boolean {
    return this.watchers.length + this.unsupported.length > 0;
  }

  /** Changes whenever anything any cluster could show changed (see StatusMemo). */
  signature(): string {
    return this.watchers.map(w => w.signature()).join(';');
  }

  get clusterWatchers(): readonly ClusterWatcher[] {
    return this.watchers;
  }

  start() {
    this.watchers.forEach(w => w.start());
  }

  async stop() {
    await Promise.all(this.watchers.map(w => w.stop()));
  }

  async forEntity(
    target: KubernetesTarget,
    deadline: number,
  ): Promise<SourceResult<KubernetesStatus>> {
    const results = await Promise.all(
      this.watchers.map(w => this.clusterFor(w, target, deadline)),
    );
    const clusters: ClusterWorkloads[] = results.filter(
      (c): c is ClusterWorkloads => c !== undefined,
    );
    for (const { cluster, reason } of this.unsupported) {
      clusters.push(
        emptyCluster(cluster.name, 'error', {
          upstream: `kubernetes/${cluster.name}`,
          message: reason,
        }),
      );
    }
    const failing = clusters.filter(c => c.state !== 'ok');
    const anyData = clusters.some(c => c.state !== 'error');
    const error = failing.find(c => c.error)?.error;
    let state: SourceResult<KubernetesStatus>['state'] = 'ok';
    if (failing.length > 0) state = anyData ? 'stale' : 'error';
    const syncedTimes = clusters
      .map(c => c.syncedAt)
      .filter((t): t is string => Boolean(t));
    return {
      state,
      // Watch-fed: fresh means "as of now"; otherwise the oldest sync we rely on.
      fetchedAt:
        state === 'ok' ? new Date().toISOString() : syncedTimes.sort()[0],
      error,
      data: { clusters },
    };
  }

  /** The watch sets holding the target's objects on one cluster, or why there are none. */
  private setsFor(
    watcher: ClusterWatcher,
    target: KubernetesTarget,
    namespaces: string[],
  ): { sets: WorkloadSet[] } | { refused: string } {
    if (!target.selector) return { sets: [watcher.defaultSet] };
    const sets: WorkloadSet[] = [];
    for (const namespace of namespaces) {
      const answer = watcher.customSet(
        namespace,
        target.selector,
        target.owner,
      );
      if ('refused' in answer) return answer;
      sets.push(answer.set);
    }
    return { sets };
  }

  private async clusterFor(
    watcher: ClusterWatcher,
    target: KubernetesTarget,
    deadline: number,
  ): Promise<ClusterWorkloads | undefined> {
    const name = watcher.cluster.name;
    const upstream = `kubernetes/${name}`;
    const scope = target.scope(name);
    if ('refused' in scope)
      return emptyCluster(name, 'error', { upstream, message: scope.refused });
    const namespaces = new Set(scope.namespaces);
    const found = this.setsFor(watcher, target, scope.namespaces);
    if ('refused' in found)
      return emptyCluster(name, 'error', { upstream, message: found.refused });
    const { sets } = found;
    const collections = watcher.collectionsFor(sets);
    // The policies' first LIST is awaited like the rest, but their failure
    // (often a missing RBAC rule) only leaves them unknown.
    await Promise.all(
      [...collections, watcher.networkPolicies].map(c =>
        c.waitForSync(deadline),
      ),
    );
    const s = ClusterWatcher.combinedState(collections);
    if (!s.synced && !s.syncedAt) {
      return emptyCluster(name, 'error', {
        upstream,
        message:
          s.error?.message ??
          'the cluster has not answered yet (its watch caches are still loading)',
        since: s.error?.since,
      });
    }
    const read = (kind: WorkloadKind): KubeObject[] => {
      const objects = sets.flatMap(set => {
        const c = set.collections[kind];
        return target.selector ? [...c.list()] : c.listById(target.id!);
      });
      // The shared set is cluster-wide: an id is only ever looked up inside
      // the entity's namespaces (custom sets are namespaced already).
      return objects.filter(o => namespaces.has(o.metadata.namespace ?? ''));
    };
    const deployments = read('deployments');
    const replicaSets = read('replicasets');
    const pods = read('pods');
    const hpas = watcher.index.hpasFor(deployments);
    const pdbs = watcher.index.pdbsFor(pods);
    const state: ClusterWorkloads['state'] =
      s.error || !s.synced ? 'stale' : 'ok';
    if (state === 'ok' && deployments.length === 0 && pods.length === 0)
      return undefined;

    const podSummaries = pods.map(p =>
      summarizePod(p, n => watcher.zoneOfNode(n)),
    );
    return {
      cluster: name,
      state,
      error: s.error
        ? { upstream, message: s.error.message, since: s.error.since }
        : undefined,
      syncedAt: s.syncedAt,
      deployments: deployments.map(d => summarizeDeployment(d, replicaSets)),
      pods: podSummaries,
      hpas: hpas.map(summarizeHpa),
      pdbs: pdbs.map(summarizePdb),
      networkPolicies: networkPoliciesSelecting(
        watcher.networkPolicies,
        deployments,
      ),
      placement: computePlacement(podSummaries, watcher.clusterZones()),
    };
  }
}

function emptyCluster(
  cluster: string,
  state: ClusterWorkloads['state'],
  error: SourceError,
): ClusterWorkloads {
  return {
    cluster,
    state,
    error,
    deployments: [],
    pods: [],
    hpas: [],
    pdbs: [],
    placement: {
      podsPerZone: {},
      podsPerNode: {},
      spreadHolds: false,
      problems: [],
    },
  };
}
