/*
 * Watched objects are trimmed to what the status needs as they enter the
 * cache: managedFields and last-applied annotations alone are often half an
 * object, and the cache holds every workload of every cluster.
 */

const KEPT_ANNOTATIONS = ['deployment.kubernetes.io/revision'];

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid?: string }>;
    creationTimestamp?: string;
    managedFields?: unknown;
    generation?: number;
  };
  spec?: any;
  status?: any;
};

function trimMetadata(obj: KubeObject) {
  const m = obj.metadata;
  delete m.managedFields;
  if (m.annotations) {
    const kept: Record<string, string> = {};
    for (const key of KEPT_ANNOTATIONS)
      if (m.annotations[key]) kept[key] = m.annotations[key];
    m.annotations = kept;
  }
}

const pickContainers = (containers: any[] | undefined) =>
  (containers ?? []).map(c => ({ name: c.name, image: c.image }));

/** Trims in place (the informer keeps the same reference) and returns the object. */
export function trimObject(kind: string, obj: KubeObject): KubeObject {
  trimMetadata(obj);
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  switch (kind) {
    case 'pods':
      obj.spec = {
        nodeName: spec.nodeName,
        containers: pickContainers(spec.containers),
      };
      obj.status = {
        phase: status.phase,
        startTime: status.startTime,
        conditions: (status.conditions ?? []).filter(
          (c: any) => c.type === 'Ready',
        ),
        containerStatuses: (status.containerStatuses ?? []).map((c: any) => ({
          name: c.name,
          ready: c.ready,
          restartCount: c.restartCount,
          state: c.state,
          lastState: c.lastState?.terminated
            ? { terminated: { reason: c.lastState.terminated.reason } }
            : undefined,
        })),
      };
      break;
    case 'deployments':
      obj.spec = {
        replicas: spec.replicas,
        selector: spec.selector,
        strategy: spec.strategy,
        template: {
          spec: {
            containers: pickContainers(spec.template?.spec?.containers),
            affinity: spec.template?.spec?.affinity,
            topologySpreadConstraints:
              spec.template?.spec?.topologySpreadConstraints,
          },
        },
      };
      break;
    case 'replicasets':
      obj.spec = { replicas: spec.replicas };
      break;
    case 'nodes':
      obj.spec = { unschedulable: spec.unschedulable };
      obj.status = {
        conditions: (status.conditions ?? [])
          .filter((c: any) => c.type === 'Ready')
          .map((c: any) => ({ type: c.type, status: c.status })),
      };
      break;
    default:
      // HPAs and PDBs are small and everything in them is shown.
      break;
  }
  return obj;
}
