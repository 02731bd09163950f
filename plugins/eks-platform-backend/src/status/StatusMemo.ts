import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityPlatformStatus,
  StatusView,
} from '@internal/backstage-plugin-eks-platform-common';
import { ClusterWatcher } from '../sources/kubernetes/ClusterWatcher';
import { KubeObject } from '../sources/kubernetes/trim';
import { WatchedCollection } from '../sources/kubernetes/WatchedCollection';

/** A collection's sync state without its change counter. */
function syncState(collection: WatchedCollection): string {
  const { synced, syncedAt, error } = collection.getState();
  return `${synced ? 1 : 0}/${syncedAt ?? ''}/${
    error ? `${error.since} ${error.message}` : ''
  }`;
}

const versionsOf = (objects: KubeObject[]) =>
  objects
    .map(
      o => `${o.metadata.uid ?? o.metadata.name}@${o.metadata.resourceVersion}`,
    )
    .join(' ');

/**
 * The version of what one entity's Kubernetes status is made of, on every
 * cluster: its own Deployments, ReplicaSets and Pods (by the
 * `backstage.io/kubernetes-id` index) and the HPAs and PDBs that point at
 * them, each by resourceVersion, plus the sync state of those collections
 * and the whole of every other cluster-wide collection (nodes give pods
 * their zone). A cluster's objects change every few seconds somewhere in a
 * fleet of 1,000 services; keyed by this instead of the clusters' change
 * counters, a fleet query reuses every entity that did not change.
 */
export function kubernetesVersionOf(
  watchers: readonly ClusterWatcher[],
  id: string,
): string {
  return watchers
    .map(watcher => {
      const { deployments, replicasets, pods } = watcher.defaultSet.collections;
      const { hpas, pdbs, ...others } = watcher.shared;
      const ownDeployments = deployments.listById(id);
      const ownPods = pods.listById(id);
      return [
        watcher.cluster.name,
        ...[deployments, replicasets, pods, hpas, pdbs].map(syncState),
        versionsOf(ownDeployments),
        versionsOf(replicasets.listById(id)),
        versionsOf(ownPods),
        versionsOf(watcher.index.hpasFor(ownDeployments)),
        versionsOf(watcher.index.pdbsFor(ownPods)),
        ...Object.values(others).map(c => c.signature()),
        // Cluster-wide collections the watcher holds as fields of their own
        // (NetworkPolicies, for the scorecard's facts) count whole too: a
        // watcher that gains one cannot leave a remembered status stale.
        ...Object.values(watcher)
          .filter((v): v is WatchedCollection => v instanceof WatchedCollection)
          .map(c => c.signature()),
      ].join('|');
    })
    .join(';');
}

/**
 * Assembled statuses, reused while none of their inputs changed: the
 * entity's own fields that pick its workloads, alerts, traces and
 * applications (annotations, owner), and the version of every source (the
 * entity's own Kubernetes objects, see kubernetesVersionOf, and the polled
 * snapshots' content generations, which a poll that found the same data
 * leaves alone; StatusService puts the latest poll times into a hit). A
 * fleet query over many entities then only assembles what changed since
 * the last one. Bounded; the least recently used goes first.
 *
 * What is never kept: an answer with a source in `error` or `stale` (a
 * deadline or a failing upstream may be over by the next request), so the
 * memo can only ever repeat a complete, fresh answer.
 */
export class StatusMemo {
  private static readonly texts = new WeakMap<EntityPlatformStatus, string>();

  /**
   * An answer as JSON, serialised once per remembered answer: a fleet query
   * that finds its entities in the memo only joins their texts.
   */
  static json(value: EntityPlatformStatus): string {
    let text = StatusMemo.texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      StatusMemo.texts.set(value, text);
    }
    return text;
  }

  private readonly entries = new Map<
    string,
    { versions: string; value: EntityPlatformStatus }
  >();

  constructor(private readonly maxEntries = 10_000) {}

  get size() {
    return this.entries.size;
  }

  /** The key: the view, the ref and every entity field the status reads. */
  static keyOf(entity: Entity, view: StatusView): string {
    return JSON.stringify([
      view,
      stringifyEntityRef(entity),
      entity.metadata.annotations ?? {},
      (entity.spec as { owner?: unknown } | undefined)?.owner ?? null,
    ]);
  }

  get(key: string, versions: string): EntityPlatformStatus | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.versions !== versions) return undefined;
    this.entries.set(key, hit);
    return hit.value;
  }

  remember(key: string, versions: string, value: EntityPlatformStatus) {
    const complete = Object.values(value.sources).every(
      s => s.state === 'ok' || s.state === 'not-configured',
    );
    if (!complete) return;
    this.entries.delete(key);
    this.entries.set(key, { versions, value });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
