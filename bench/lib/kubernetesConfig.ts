import type { Sandbox } from '@internal/eks-platform-sandbox';

/**
 * The standard `kubernetes.clusterLocatorMethods` clusters for a sandbox:
 * its real API servers (through their fault proxies), the cluster CA as
 * `caData` and the portal's read-only token, as app-config.yaml has them.
 */
export function sandboxClusters(sandbox: Sandbox) {
  return Object.values(sandbox.clusters).map(cluster => ({
    name: cluster.name,
    url: cluster.url,
    caData: cluster.caData,
    authProvider: 'serviceAccount',
    serviceAccountToken: cluster.token,
    // metrics.k8s.io needs a metrics-server, which the sandbox does not run.
    skipMetricsLookup: true,
  }));
}
