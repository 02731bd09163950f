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

/** Copies only the keys whose value is set: absent keys cost no heap. */
function defined<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(obj) as Array<keyof T>)
    if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}

function pickQuantities(q: any) {
  if (!q) return undefined;
  const kept = defined({ cpu: q.cpu, memory: q.memory });
  return Object.keys(kept).length ? kept : undefined;
}

function pickSecurityContext(sc: any) {
  if (!sc) return undefined;
  const drop = sc.capabilities?.drop;
  const kept = defined({
    runAsNonRoot: sc.runAsNonRoot,
    runAsUser: sc.runAsUser,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
    allowPrivilegeEscalation: sc.allowPrivilegeEscalation,
    privileged: sc.privileged,
    capabilities: Array.isArray(drop) ? { drop } : undefined,
  });
  return Object.keys(kept).length ? kept : undefined;
}

/**
 * A template's container reduced to the facts the readiness scorecard
 * judges: probes only by their presence (`{}`), requests and limits of CPU
 * and memory, and the security context fields. Env, volumes, commands and
 * the probes' details never enter the cache.
 */
function pickTemplateContainer(c: any) {
  return defined({
    name: c.name,
    image: c.image,
    readinessProbe: c.readinessProbe ? {} : undefined,
    livenessProbe: c.livenessProbe ? {} : undefined,
    resources: c.resources
      ? defined({
          requests: pickQuantities(c.resources.requests),
          limits: pickQuantities(c.resources.limits),
        })
      : undefined,
    securityContext: pickSecurityContext(c.securityContext),
  });
}

/** What a container status tells beyond readiness: the image that actually runs. */
function pickImage(c: any) {
  const imageID = typeof c.imageID === 'string' ? c.imageID : undefined;
  // `repo@sha256:…` names the image itself; a bare `sha256:…` needs the
  // status's image to say where it came from.
  return imageID?.includes('@')
    ? { imageID }
    : defined({ imageID, image: imageID ? c.image : undefined });
}

/** Trims in place (the informer keeps the same reference) and returns the object. */
export function trimObject(kind: string, obj: KubeObject): KubeObject {
  trimMetadata(obj);
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  switch (kind) {
    case 'pods':
      // The images a pod runs are read from its container statuses.
      obj.spec = { nodeName: spec.nodeName };
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
          ...pickImage(c),
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
          metadata: { labels: spec.template?.metadata?.labels },
          spec: {
            containers: (spec.template?.spec?.containers ?? []).map(
              pickTemplateContainer,
            ),
            securityContext: pickSecurityContext(
              spec.template?.spec?.securityContext,
            ),
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
    case 'networkpolicies':
      // Who may talk to whom is not shown; only which pods a policy
      // selects and what it restricts. Without `policyTypes` the API
      // server's default applies: Ingress, plus Egress when egress rules exist.
      obj.spec = {
        podSelector: spec.podSelector ?? {},
        policyTypes:
          spec.policyTypes ??
          (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']),
      };
      obj.status = undefined;
      break;
    default:
      // HPAs and PDBs are small and everything in them is shown.
      break;
  }
  return obj;
}
