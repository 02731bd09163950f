/*
 * Wire types of the status API served by the eks-platform backend under
 * /api/eks-platform/v1 and rendered by the eks-platform frontend.
 */

import type { ExtraSourceStatus } from './extraSources';
import type { RegistrationFacts } from './registration';

/** The upstream sources behind a service's status. */
export type StatusSourceName = 'kubernetes' | 'alerts' | 'traces' | 'argocd';

export const STATUS_SOURCES: StatusSourceName[] = [
  'kubernetes',
  'alerts',
  'traces',
  'argocd',
];

/**
 * - `ok`: fresh data from the upstream.
 * - `stale`: the upstream failed or missed its deadline, and the data is the
 *   last good copy (see `fetchedAt` and `error`).
 * - `error`: the upstream failed and there is no earlier copy.
 * - `not-configured`: the entity lacks the annotation, or the platform has no
 *   such upstream configured (see `hint`).
 */
export type SourceState = 'ok' | 'stale' | 'error' | 'not-configured';

export interface SourceError {
  /** Which upstream failed, by its configured name, e.g. `kubernetes/prod` or `alertmanager/main`. Never a URL. */
  upstream: string;
  /** What went wrong, in words a service owner can act on. */
  message: string;
  /** ISO time of the first failure in the current run of failures. */
  since?: string;
}

export interface SourceResult<T> {
  state: SourceState;
  /** ISO time at which `data` was read from the upstream. */
  fetchedAt?: string;
  error?: SourceError;
  /** Set for `not-configured`: what to add to make the source light up. */
  hint?: string;
  data?: T;
}

/**
 * `pending`: registered but not deployed yet (its registration pull request
 * is open, or its workloads never appeared in any cluster).
 */
export type HealthLevel =
  | 'healthy'
  | 'pending'
  | 'warning'
  | 'critical'
  | 'unknown';

/**
 * How bad each level is, for "the worst of": pending outranks warnings (a
 * service not deployed yet has nothing to warn about but the missing
 * deployment); a critical finding still wins. The backend's overall health
 * and the overview's per-source verdicts both rank by it.
 */
export const HEALTH_SEVERITY: Record<HealthLevel, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  pending: 3,
  critical: 4,
};

/** The worst level of several findings; `healthy` when there are none. */
export function worstLevel(levels: Iterable<HealthLevel>): HealthLevel {
  let worst: HealthLevel = 'healthy';
  for (const level of levels)
    if (HEALTH_SEVERITY[level] > HEALTH_SEVERITY[worst]) worst = level;
  return worst;
}

/** Error ratio above which traces alone make a service critical / warning. */
export const TRACE_ERROR_RATIO = { critical: 0.05, warning: 0.01 } as const;

export interface HealthSummary {
  level: HealthLevel;
  /** Plain-language reasons, worst first. Empty when healthy. */
  reasons: string[];
  /** Set when `pending`: the pull request and CI run to follow. */
  registration?: RegistrationFacts;
}

// ---------------------------------------------------------------- Kubernetes

export interface DeploymentSummary {
  namespace: string;
  name: string;
  replicas: {
    desired: number;
    updated: number;
    ready: number;
    available: number;
    unavailable: number;
  };
  rollout: { state: 'complete' | 'progressing' | 'stalled'; message?: string };
  images: string[];
  /** `deployment.kubernetes.io/revision` */
  revision?: string;
  /**
   * What the pod template declares, for the readiness scorecard and the
   * Platform tab. Full view only (the summary view drops it).
   */
  podTemplate?: PodTemplateFacts;
}

/** The parts of a container spec the platform's standard judges. */
export interface ContainerFacts {
  name: string;
  image: string;
  readinessProbe: boolean;
  livenessProbe: boolean;
  /** Kubernetes quantity strings, absent when not set. */
  requests: { cpu?: string; memory?: string };
  limits: { cpu?: string; memory?: string };
  /** The effective values: the container's own, else the pod's (where Kubernetes inherits them). */
  securityContext: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    /** `capabilities.drop`, upper case, e.g. `['ALL']`. */
    capabilitiesDrop: string[];
  };
}

export interface PodTemplateFacts {
  /** The pod template's labels (what a NetworkPolicy selects). */
  labels: Record<string, string>;
  /** Regular containers only; init containers are not judged. */
  containers: ContainerFacts[];
}

/** A NetworkPolicy in the service's namespace whose podSelector selects the service's pods. */
export interface NetworkPolicySummary {
  namespace: string;
  name: string;
  policyTypes: string[];
}

export interface PodSummary {
  namespace: string;
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  zone?: string;
  /** Waiting or terminated reason of a container, e.g. `CrashLoopBackOff`. */
  reason?: string;
  startedAt?: string;
  /**
   * Digests of the images the pod's containers actually run
   * (`status.containerStatuses[].imageID`, `sha256:…`). Full view only.
   */
  imageDigests?: string[];
}

export interface HpaMetricSummary {
  /** `cpu`, `memory`, or the custom/external metric name. */
  name: string;
  targetType: 'Utilization' | 'AverageValue' | 'Value';
  /** Utilization in percent, or a Kubernetes quantity string. */
  target: number | string;
  current?: number | string;
}

export interface ConditionSummary {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface HpaSummary {
  namespace: string;
  name: string;
  target: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  metrics: HpaMetricSummary[];
  conditions: ConditionSummary[];
  lastScaleTime?: string;
  /** Desired replicas equal max and ScalingLimited says so. */
  pinnedAtMax: boolean;
  /** When the HPA became pinned at max (ScalingLimited transition time). */
  pinnedAtMaxSince?: string;
}

export interface PdbSummary {
  namespace: string;
  name: string;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
  /** No voluntary disruption is allowed: a node drain would hang. */
  blocksDrains: boolean;
}

export interface PlacementSummary {
  podsPerZone: Record<string, number>;
  podsPerNode: Record<string, number>;
  /** True when no two ready pods share a node and pods span at least min(replicas, zones) zones. */
  spreadHolds: boolean;
  /** Plain-language problems with the spread, e.g. "2 of 3 pods on node ip-10-0-1-12". */
  problems: string[];
}

export interface ClusterWorkloads {
  cluster: string;
  state: 'ok' | 'stale' | 'error';
  error?: SourceError;
  /** ISO time the cluster's watch caches were last known in sync. */
  syncedAt?: string;
  deployments: DeploymentSummary[];
  pods: PodSummary[];
  hpas: HpaSummary[];
  pdbs: PdbSummary[];
  /** NetworkPolicies selecting the service's pods; absent when the cluster's policies are not watched. */
  networkPolicies?: NetworkPolicySummary[];
  placement: PlacementSummary;
}

export interface KubernetesStatus {
  clusters: ClusterWorkloads[];
}

// -------------------------------------------------------------------- Alerts

export interface AlertSummary {
  fingerprint: string;
  name: string;
  severity: string;
  /** Alertmanager's state: `active`, `suppressed` (silenced or inhibited) or `unprocessed`. */
  state: string;
  silenced: boolean;
  inhibited: boolean;
  startsAt: string;
  summary?: string;
  description?: string;
  runbookUrl?: string;
  labels: Record<string, string>;
  /** Configured Alertmanager instance name. */
  alertmanager: string;
  /** Link to the alert in the Alertmanager UI. */
  url?: string;
}

export interface AlertsStatus {
  /** Worst first (firing before silenced, then by severity). The summary view keeps the first few. */
  alerts: AlertSummary[];
  instances: { name: string; state: 'ok' | 'error'; error?: SourceError }[];
  /**
   * Summary view only: alerts that are firing (active, neither silenced nor
   * inhibited), in total and per severity, counted before `alerts` was cut.
   */
  firing?: { total: number; bySeverity: Record<string, number> };
  /** Summary view only: how many alerts were left out of `alerts`. */
  omitted?: number;
  /**
   * The Prometheus alerting rules that carry the service's alert matchers
   * (from `GET /api/v1/rules`); absent when no Prometheus is configured.
   */
  rules?: { names: string[]; prometheus: string };
  /**
   * Where the service's alerts go in each Alertmanager's routing tree (from
   * `GET /api/v2/status`, `config.original`), for the labels its alerts carry.
   */
  routing?: Array<{
    alertmanager: string;
    receivers: string[];
    /** A receiver belongs to the owning team (see the backend's receiver mapping). */
    reachesOwner: boolean;
  }>;
}

/** An alert that is firing: active, neither silenced nor inhibited. */
export function isFiring(alert: AlertSummary): boolean {
  return alert.state === 'active' && !alert.silenced && !alert.inhibited;
}

// -------------------------------------------------------------------- Traces

export interface TraceStats {
  /** Requests per second. */
  requestRate: number;
  /** Share of requests that failed, 0..1. */
  errorRatio: number;
  latencyMs: { p50?: number; p95?: number; p99?: number };
}

export interface TracePoint {
  timestamp: string;
  requestRate: number;
  errorRatio: number;
  p95Ms?: number;
}

export interface ErrorTraceLink {
  traceId: string;
  operation: string;
  startTime: string;
  durationMs: number;
  url: string;
}

export interface TracesStatus {
  service: string;
  /** Aggregation window of `current`, e.g. `5m`. */
  window: string;
  current: TraceStats;
  /** The last hour, for a sparkline. */
  series: TracePoint[];
  operations: Array<TraceStats & { name: string }>;
  errorTraces: ErrorTraceLink[];
  jaegerUrl?: string;
}

// -------------------------------------------------------------------- Argo CD

export interface ArgoApplicationStatus {
  instance: string;
  name: string;
  project: string;
  syncStatus: string;
  healthStatus: string;
  revision?: string;
  lastSyncedAt?: string;
  destination: { server?: string; name?: string; namespace?: string };
  /** Link to the application in the Argo CD UI. */
  url: string;
}

export interface ArgoCdStatus {
  applications: ArgoApplicationStatus[];
}

// -------------------------------------------------------------------- Entity

/**
 * `full`: everything, for the Platform tab and the drawers.
 * `summary`: what the overview and the fleet show, at most a few KB per
 * entity: the same health (computed from the full data), the numbers of
 * every source, and no pod lists, trace series, operations, error-trace
 * links, HPA conditions, images or alert labels; alerts cut to the worst
 * few with `firing` counts.
 */
export type StatusView = 'full' | 'summary';

export interface EntityPlatformStatus {
  entityRef: string;
  health: HealthSummary;
  sources: {
    kubernetes: SourceResult<KubernetesStatus>;
    alerts: SourceResult<AlertsStatus>;
    traces: SourceResult<TracesStatus>;
    argocd: SourceResult<ArgoCdStatus>;
  };
  /** Sources added by backend modules, by source id; absent when none is installed. */
  extraSources?: Record<string, SourceResult<ExtraSourceStatus>>;
}

/** Body of `POST /v1/status/query`. */
export interface StatusQueryRequest {
  entityRefs: string[];
  /** See {@link StatusView}. Default `full`. */
  view?: StatusView;
}

export interface StatusQueryResponse {
  items: EntityPlatformStatus[];
  /** Entities the caller may not read, or that do not exist. No data is given for them. */
  errors: Array<{
    entityRef: string;
    error: { name: string; message: string };
  }>;
}
