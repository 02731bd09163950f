import { NetworkPolicySummary } from '@internal/backstage-plugin-eks-platform-common';
import { matchesSelector } from '../labelSelector';
import { requirementsOf } from './selectWorkloads';
import { KubeObject } from './trim';
import { WatchedCollection } from './WatchedCollection';

/** Cluster-wide, like HPAs and PDBs: one watch, looked up by namespace. */
export const NETWORK_POLICIES_PATH =
  '/apis/networking.k8s.io/v1/networkpolicies';

/**
 * The NetworkPolicies whose podSelector selects the pod template of at
 * least one of the deployments (an empty podSelector selects every pod of
 * its namespace). Undefined when the policies were never listed (the
 * portal may lack the RBAC to read them, or the first LIST is still
 * running): no policy known is not the same as no policy there.
 */
export function networkPoliciesSelecting(
  policies: WatchedCollection,
  deployments: KubeObject[],
): NetworkPolicySummary[] | undefined {
  if (!policies.getState().syncedAt) return undefined;
  const selected = new Map<string, NetworkPolicySummary>();
  for (const d of deployments) {
    const namespace = d.metadata.namespace ?? '';
    const labels = d.spec?.template?.metadata?.labels ?? {};
    for (const policy of policies.list(namespace)) {
      const key = `${namespace}/${policy.metadata.name}`;
      if (selected.has(key)) continue;
      const reqs = requirementsOf(policy.spec?.podSelector ?? {}) ?? [];
      if (!matchesSelector(reqs, labels)) continue;
      selected.set(key, {
        namespace,
        name: policy.metadata.name,
        policyTypes: [...(policy.spec?.policyTypes ?? [])],
      });
    }
  }
  return Array.from(selected.values()).sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );
}
