import { ClusterWatcher } from '../kubernetes/ClusterWatcher';
import { digestOf } from '../kubernetes/summarize';
import { ImageRef, runningImageRef } from './imageRef';

export interface RunningImage {
  digest: string;
  ref: ImageRef;
  /** Cluster names, sorted. */
  clusters: string[];
}

/**
 * Every image digest that runs in any watched cluster, read from the pods'
 * container statuses in the watch caches (no request to any cluster).
 * Rebuilt only when a pod cache changed, and then at most once per
 * `minRebuildMs` unless a caller needs a digest it does not know yet.
 */
export class RunningImages {
  private signature = '';
  private builtAt = 0;
  private byDigest = new Map<string, RunningImage>();

  constructor(
    private readonly watchers: () => readonly ClusterWatcher[],
    private readonly minRebuildMs = 1000,
  ) {}

  /** The index, fresh unless it was rebuilt within `minRebuildMs` (or `force`). */
  current(force = false): Map<string, RunningImage> {
    const watchers = this.watchers();
    const signature = watchers
      .map(w =>
        w
          .podCollections()
          .map(c => c.version)
          .join('.'),
      )
      .join(';');
    if (signature === this.signature) return this.byDigest;
    if (!force && Date.now() - this.builtAt < this.minRebuildMs)
      return this.byDigest;
    const found = new Map<string, { ref: ImageRef; clusters: Set<string> }>();
    for (const watcher of watchers) {
      for (const pods of watcher.podCollections()) {
        for (const pod of pods.list()) {
          for (const status of pod.status?.containerStatuses ?? []) {
            const digest = digestOf(status.imageID);
            if (!digest) continue;
            let entry = found.get(digest);
            if (!entry) {
              const ref = runningImageRef(status);
              if (!ref) continue;
              entry = { ref, clusters: new Set() };
              found.set(digest, entry);
            }
            entry.clusters.add(watcher.cluster.name);
          }
        }
      }
    }
    this.byDigest = new Map(
      Array.from(found, ([digest, { ref, clusters }]) => [
        digest,
        { digest, ref, clusters: Array.from(clusters).sort() },
      ]),
    );
    this.signature = signature;
    this.builtAt = Date.now();
    return this.byDigest;
  }
}
