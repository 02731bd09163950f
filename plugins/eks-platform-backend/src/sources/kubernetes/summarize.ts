import {
  ConditionSummary,
  ContainerFacts,
  DeploymentSummary,
  HpaMetricSummary,
  HpaSummary,
  PdbSummary,
  PodSummary,
  PodTemplateFacts,
} from '@internal/backstage-plugin-eks-platform-common';
import { KubeObject } from './trim';

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function conditions(obj: KubeObject): ConditionSummary[] {
  return (obj.status?.conditions ?? []).map((c: any) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastTransitionTime: c.lastTransitionTime,
  }));
}

export function summarizeDeployment(
  d: KubeObject,
  replicaSets: KubeObject[],
): DeploymentSummary {
  const s = d.status ?? {};
  const desired = d.spec?.replicas ?? 1;
  const progressing = (s.conditions ?? []).find(
    (c: any) => c.type === 'Progressing',
  );
  const updated = num(s.updatedReplicas);
  let state: DeploymentSummary['rollout']['state'] = 'complete';
  let message: string | undefined;
  if (
    progressing?.status === 'False' &&
    progressing.reason === 'ProgressDeadlineExceeded'
  ) {
    state = 'stalled';
    message = progressing.message;
  } else if (
    updated < desired ||
    num(s.replicas) > updated ||
    num(s.availableReplicas) < updated ||
    (s.observedGeneration ?? 0) < (d.metadata.generation ?? 0)
  ) {
    state = 'progressing';
    const old = replicaSets.filter(
      rs =>
        rs.metadata.ownerReferences?.some(
          o => o.kind === 'Deployment' && o.name === d.metadata.name,
        ) &&
        rs.metadata.annotations?.['deployment.kubernetes.io/revision'] !==
          d.metadata.annotations?.['deployment.kubernetes.io/revision'] &&
        num(rs.status?.replicas) > 0,
    );
    message = `${updated} of ${desired} replicas updated${
      old.length
        ? `, ${old.reduce(
            (n, rs) => n + num(rs.status?.replicas),
            0,
          )} old replicas still running`
        : ''
    }`;
  }
  return {
    namespace: d.metadata.namespace ?? '',
    name: d.metadata.name,
    replicas: {
      desired,
      updated,
      ready: num(s.readyReplicas),
      available: num(s.availableReplicas),
      unavailable: num(s.unavailableReplicas),
    },
    rollout: { state, message },
    images: (d.spec?.template?.spec?.containers ?? []).map((c: any) => c.image),
    revision: d.metadata.annotations?.['deployment.kubernetes.io/revision'],
    podTemplate: podTemplateFacts(d.spec?.template),
  };
}

/** Kubernetes' inheritance: a container's own setting wins, else the pod's. */
function containerFacts(c: any, podContext: any): ContainerFacts {
  const own = c.securityContext ?? {};
  const pod = podContext ?? {};
  const quantities = (q: any) => {
    const out: { cpu?: string; memory?: string } = {};
    if (q?.cpu !== undefined) out.cpu = String(q.cpu);
    if (q?.memory !== undefined) out.memory = String(q.memory);
    return out;
  };
  const securityContext: ContainerFacts['securityContext'] = {
    capabilitiesDrop: (own.capabilities?.drop ?? []).map((d: unknown) =>
      String(d).toUpperCase(),
    ),
  };
  const runAsNonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
  const runAsUser = own.runAsUser ?? pod.runAsUser;
  if (runAsNonRoot !== undefined) securityContext.runAsNonRoot = runAsNonRoot;
  if (runAsUser !== undefined) securityContext.runAsUser = runAsUser;
  for (const key of [
    'readOnlyRootFilesystem',
    'allowPrivilegeEscalation',
    'privileged',
  ] as const) {
    if (own[key] !== undefined) securityContext[key] = own[key];
  }
  return {
    name: c.name,
    image: c.image,
    readinessProbe: Boolean(c.readinessProbe),
    livenessProbe: Boolean(c.livenessProbe),
    requests: quantities(c.resources?.requests),
    limits: quantities(c.resources?.limits),
    securityContext,
  };
}

/** What a (trimmed) pod template declares, as the scorecard reads it. */
export function podTemplateFacts(template: any): PodTemplateFacts {
  const spec = template?.spec ?? {};
  return {
    labels: { ...(template?.metadata?.labels ?? {}) },
    containers: (spec.containers ?? []).map((c: any) =>
      containerFacts(c, spec.securityContext),
    ),
  };
}

const DIGEST = /sha256:[a-f0-9]{64}$/;

/** `repo@sha256:…`, `docker-pullable://repo@sha256:…` or `sha256:…` → `sha256:…`. */
export function digestOf(imageID: unknown): string | undefined {
  if (typeof imageID !== 'string') return undefined;
  return DIGEST.exec(imageID)?.[0];
}

export function summarizePod(
  p: KubeObject,
  zoneOf: (node: string) => string | undefined,
): PodSummary {
  const statuses: any[] = p.status?.containerStatuses ?? [];
  const ready = (p.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
  const reason = statuses
    .map(c => c.state?.waiting?.reason ?? c.state?.terminated?.reason)
    .find(Boolean);
  const node = p.spec?.nodeName;
  return {
    namespace: p.metadata.namespace ?? '',
    name: p.metadata.name,
    phase: p.status?.phase ?? 'Unknown',
    ready,
    restarts: statuses.reduce((n, c) => n + num(c.restartCount), 0),
    node,
    zone: node ? zoneOf(node) : undefined,
    reason,
    startedAt: p.status?.startTime,
    imageDigests: Array.from(
      new Set(
        statuses
          .map(c => digestOf(c.imageID))
          .filter((d): d is string => d !== undefined),
      ),
    ),
  };
}

/** Where each HPA metric type keeps its source in autoscaling/v2. */
const METRIC_SOURCE_KEYS: Record<string, string> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};

function metricSummary(
  spec: any,
  status: any[] | undefined,
): HpaMetricSummary | undefined {
  const type = spec.type as string;
  const key = METRIC_SOURCE_KEYS[type] ?? 'external';
  const s = spec[key];
  if (!s) return undefined;
  const name: string = s.name ?? s.metric?.name ?? 'unknown';
  const target = s.target ?? {};
  const current =
    status?.find(
      m => m.type === type && (m[key]?.name ?? m[key]?.metric?.name) === name,
    )?.[key]?.current ?? {};
  if (target.type === 'Utilization') {
    return {
      name,
      targetType: 'Utilization',
      target: target.averageUtilization,
      current: current.averageUtilization,
    };
  }
  if (target.type === 'AverageValue') {
    return {
      name,
      targetType: 'AverageValue',
      target: String(target.averageValue),
      current:
        current.averageValue === undefined
          ? undefined
          : String(current.averageValue),
    };
  }
  return {
    name,
    targetType: 'Value',
    target: String(target.value),
    current: current.value === undefined ? undefined : String(current.value),
  };
}

export function summarizeHpa(h: KubeObject): HpaSummary {
  const spec = h.spec ?? {};
  const status = h.status ?? {};
  const conds = conditions(h);
  const limited = conds.find(c => c.type === 'ScalingLimited');
  const maxReplicas = num(spec.maxReplicas);
  const desiredReplicas = num(status.desiredReplicas);
  // ScalingLimited=True with TooManyReplicas is the controller saying it
  // wanted more than max; desired == max alone may just be the right size.
  const pinnedAtMax =
    desiredReplicas >= maxReplicas &&
    maxReplicas > 0 &&
    limited?.status === 'True' &&
    (limited.reason === 'TooManyReplicas' || limited.reason === undefined);
  return {
    namespace: h.metadata.namespace ?? '',
    name: h.metadata.name,
    target: {
      kind: spec.scaleTargetRef?.kind ?? '',
      name: spec.scaleTargetRef?.name ?? '',
    },
    minReplicas: spec.minReplicas ?? 1,
    maxReplicas,
    currentReplicas: num(status.currentReplicas),
    desiredReplicas,
    metrics: (spec.metrics ?? [])
      .map((m: any) => metricSummary(m, status.currentMetrics))
      .filter(Boolean) as HpaMetricSummary[],
    conditions: conds,
    lastScaleTime: status.lastScaleTime,
    pinnedAtMax,
    pinnedAtMaxSince: pinnedAtMax ? limited?.lastTransitionTime : undefined,
  };
}

export function summarizePdb(p: KubeObject): PdbSummary {
  const s = p.status ?? {};
  const expectedPods = num(s.expectedPods);
  return {
    namespace: p.metadata.namespace ?? '',
    name: p.metadata.name,
    minAvailable: p.spec?.minAvailable,
    maxUnavailable: p.spec?.maxUnavailable,
    currentHealthy: num(s.currentHealthy),
    desiredHealthy: num(s.desiredHealthy),
    expectedPods,
    disruptionsAllowed: num(s.disruptionsAllowed),
    // Zero allowed disruptions with pods to protect: `kubectl drain` waits forever.
    blocksDrains: expectedPods > 0 && num(s.disruptionsAllowed) === 0,
  };
}
