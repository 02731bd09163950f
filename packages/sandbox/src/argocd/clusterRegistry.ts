import { KubeClient } from '../kubernetes/kubeClient';
import { InClusterTarget, KubeTarget, LiveTarget } from './controller/targets';
import type { ArgoCdStore } from './store';
import type { ApplicationDestination } from './types';

/*
 * The clusters Argo CD knows (its cluster secrets): a name, the server URL
 * Applications name in `destination.server`, and how to reach it — the
 * cluster's CA and the bearer token of the argocd-manager account that
 * `argocd cluster add` creates. `in-cluster` (https://kubernetes.default.svc)
 * is Argo CD's own cluster.
 */

export interface ArgoCdCluster {
  /** `destination.name`, e.g. `prod`. */
  name: string;
  /** `destination.server`, e.g. `https://127.0.0.1:7103`. */
  server: string;
  /** PEM of the cluster's CA. */
  caPem: string;
  /** argocd-manager's bearer token. */
  token: string;
}

export const IN_CLUSTER = {
  name: 'in-cluster',
  server: 'https://kubernetes.default.svc',
};

const normalise = (url: string) => url.replace(/\/+$/, '');

export class ClusterRegistry {
  private readonly targets = new Map<string, KubeTarget>();
  private readonly clients: KubeClient[] = [];
  private readonly inCluster: InClusterTarget;

  constructor(private readonly clusters: ArgoCdCluster[], store: ArgoCdStore) {
    this.inCluster = new InClusterTarget(store);
  }

  /** Where an Application's destination points; throws Argo CD's message when nowhere. */
  resolve(destination: ApplicationDestination): LiveTarget {
    const server = destination.server && normalise(destination.server);
    if (server === IN_CLUSTER.server || destination.name === IN_CLUSTER.name)
      return this.inCluster;
    const cluster = server
      ? this.clusters.find(c => normalise(c.server) === server)
      : this.clusters.find(c => c.name === destination.name);
    if (!cluster) {
      throw new Error(
        server
          ? `there are no clusters with this URL: ${destination.server}`
          : `there are no clusters with this name: ${destination.name}`,
      );
    }
    let target = this.targets.get(cluster.name);
    if (!target) {
      const client = new KubeClient({
        url: cluster.server,
        token: cluster.token,
        ca: cluster.caPem,
        maxSockets: 8,
      });
      this.clients.push(client);
      target = new KubeTarget(`${cluster.name} (${cluster.server})`, client);
      this.targets.set(cluster.name, target);
    }
    return target;
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
