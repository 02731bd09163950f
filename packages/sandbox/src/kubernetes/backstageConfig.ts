import type { KubernetesCluster } from './clusters';

/**
 * Backstage's `kubernetes` config for clusters started here (the sandbox's
 * or `startKubernetesClusters`'): one `config` locator, each cluster by
 * its fault-proxy URL, CA and the portal's read-only token, as
 * app-config.yaml names the sandbox's. `names` picks and orders them
 * (default: all).
 */
export function backstageKubernetesConfig(
  clusters: Record<string, Pick<KubernetesCluster, 'url' | 'caData' | 'token'>>,
  names: string[] = Object.keys(clusters),
) {
  return {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: names.map(name => ({
          name,
          url: clusters[name].url,
          caData: clusters[name].caData,
          authProvider: 'serviceAccount',
          serviceAccountToken: clusters[name].token,
        })),
      },
    ],
  };
}
