/** One HTTP route a simulated service serves; drives metrics, traces and span names. */
export interface ServiceRoute {
  method: string;
  /** Route template as OpenTelemetry's `http.route` carries it, e.g. `/api/orders/{id}`. */
  route: string;
  /** Share of the service's traffic on this route (the shares of a service sum to 1). */
  share: number;
}

/** Deterministic behaviour parameters of a simulated service (derived from its name). */
export interface ServiceParams {
  /** Replicas before the HPA acts. */
  replicas: number;
  hpaMinReplicas: number;
  hpaMaxReplicas: number;
  /** Average requests per second in prod at the middle of the load curve. */
  baseRps: number;
  /** Share of requests answered with 5xx (0..1). */
  errorRatio: number;
  /** Median request latency in milliseconds. */
  latencyMs: number;
  /** HPA targets (percent of requests). */
  cpuTargetUtilization: number;
  memoryTargetUtilization: number;
  /** Requests per second one replica serves at 100 % CPU of its request. */
  rpsPerReplicaAtFullCpu: number;
  /** Phase offset of the load curve, so services do not peak together (0..1). */
  loadPhase: number;
  /** Container image tag; rollouts bump it. */
  version: string;
}

/**
 * Faults a service shows on purpose, so the golden-path chart's alerts
 * (the sandbox's Prometheus loads its rules for every service) and the status
 * cards have something to show.
 */
export interface ServiceFaults {
  /**
   * 20 % of requests fail with 5xx: `ServiceAvailabilityBudgetBurnFast`
   * (critical) and `…Slow` (warning) fire.
   */
  highErrorRate: boolean;
  /**
   * 650 ms median latency, most requests slower than the 0.5 s threshold:
   * `ServiceLatencyBudgetBurnFast` and `…Slow` fire.
   */
  highLatency: boolean;
  /**
   * In prod every pod but one crash-loops, ready replicas stay below two:
   * `ServiceCrashLooping` fires.
   */
  lowAvailability: boolean;
  /**
   * One replica serves so little that even the trough of the load needs more
   * than `hpaMaxReplicas`: the HPA sits at its maximum in every cluster and
   * `ServiceHpaAtMaxReplicas` fires.
   */
  hpaPinned: boolean;
}

export type FaultKind = keyof ServiceFaults;

/**
 * Parts of the golden path a demo service leaves out on purpose, so the
 * readiness scorecard fails one rule for it (fleet/readinessBreaks.ts).
 */
export type ReadinessBreak =
  /** 2 replicas in prod, HPA minimum 2. */
  | 'prodTwoReplicas'
  /** PDB `minAvailable: 100%`: no eviction allowed, drains hang. */
  | 'pdbBlocksDrains'
  /** HPA `minReplicas: 1` (the load keeps it at 4 or more replicas). */
  | 'hpaMinOne'
  /** No liveness probe. */
  | 'missingProbe'
  /** No memory limit. */
  | 'noMemoryLimit'
  /** Runs as root, writable root filesystem, privilege escalation allowed. */
  | 'rootContainer'
  /** No NetworkPolicy. */
  | 'noNetworkPolicy'
  /** Its alert rules carry another team's label, so they route to that team. */
  | 'alertsToOtherTeam'
  /** Its image's ECR scan has a critical finding. */
  | 'criticalFindings'
  /** Its image comes from Docker Hub, not the organisation's ECR. */
  | 'publicImage';

export interface FleetService {
  /** The `backstage.io/kubernetes-id`, used as workload name and `service` label. */
  name: string;
  namespace: string;
  /** Catalog entity reference of the owner, e.g. `group:default/payments`. */
  owner: string;
  /** Owner's name without kind and namespace; the `team` label of alerts. */
  team: string;
  system?: string;
  /** Where the service came from (`cluster`: a Deployment someone else applied, e.g. Argo CD). */
  source: 'catalog' | 'synthetic' | 'cluster';
  routes: ServiceRoute[];
  /** Services this one calls (shown as child spans in traces). */
  dependencies: string[];
  params: ServiceParams;
  faults: ServiceFaults;
  /** Golden-path parts it leaves out (empty for most services). */
  breaks: ReadinessBreak[];
  /** The `team` label of its alert rules (its own team unless `alertsToOtherTeam`). */
  alertTeam: string;
  /**
   * The runbook page its alerts link (`runbook_url` is this plus
   * `#<alert in lower case>`); absent: the golden path's shared runbook on
   * the default portal.
   */
  runbookUrl?: string;
}

export interface Fleet {
  services: FleetService[];
  byName: Map<string, FleetService>;
}
