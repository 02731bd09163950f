/** Metadata shared by every simulated object: timestamps, uids, contract labels. */
import { FleetService, hexId } from '../../fleet';

/** Kubernetes timestamps are RFC 3339 with second precision. */
export function kubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

export function uid(seed: string): string {
  const h = hexId(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20)}`;
}

/**
 * Marks the fleet's objects as the simulator's own, so that its watch of
 * Deployments someone else applied (liveWorkloadSource.ts) leaves them out
 * on the server side.
 */
export const WRITTEN_BY_LABEL = 'sandbox.eks.platform/written-by';

/** Labels every workload object carries (docs/contracts.md). */
export function serviceLabels(service: FleetService): Record<string, string> {
  return {
    [WRITTEN_BY_LABEL]: 'workload-simulator',
    'app.kubernetes.io/name': service.name,
    'app.kubernetes.io/instance': service.name,
    'app.kubernetes.io/managed-by': 'Helm',
    'backstage.io/kubernetes-id': service.name,
    ...(service.system ? { 'app.kubernetes.io/part-of': service.system } : {}),
  };
}

export function selectorLabels(service: FleetService): Record<string, string> {
  return {
    'app.kubernetes.io/name': service.name,
    'app.kubernetes.io/instance': service.name,
  };
}

export function meta(
  cluster: string,
  kind: string,
  service: FleetService,
  name: string,
  createdAt: number,
) {
  return {
    name,
    namespace: service.namespace,
    uid: uid(`${cluster}/${kind}/${service.namespace}/${name}`),
    creationTimestamp: kubeTime(createdAt),
    labels: serviceLabels(service),
  };
}

export function ownerRef(
  apiVersion: string,
  kind: string,
  name: string,
  ownerUid: string,
) {
  return {
    apiVersion,
    kind,
    name,
    uid: ownerUid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
