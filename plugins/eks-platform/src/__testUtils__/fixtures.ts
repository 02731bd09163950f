/*
 * Status fixtures typed as the wire types of the status API, so the
 * component tests render exactly what the backend sends.
 */
import { Entity } from '@backstage/catalog-model';
import {
  AlertSummary,
  ClusterWorkloads,
  EntityPlatformStatus,
  HpaSummary,
  PdbSummary,
  SourceResult,
  TracesStatus,
} from '@internal/backstage-plugin-eks-platform-common';

/** Fixed clock for fixtures and tests: 2026-01-10T12:00:00Z. */
export const FIXTURE_NOW = Date.parse('2026-01-10T12:00:00.000Z');

export function isoMinutesAgo(minutes: number, now = FIXTURE_NOW): string {
  return new Date(now - minutes * 60_000).toISOString();
}

export const checkoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'checkout',
      'jaegertracing.io/service-name': 'checkout',
      'argocd/app-name': 'checkout',
      'vault.io/secrets-path': 'services/checkout',
      'eks.platform/ecr-repository':
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout',
      'github.com/project-slug': 'payments/checkout',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
    system: 'shop',
  },
};

/** The same service without any platform annotation. */
export const bareEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'bare', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
};

export function hpaFixture(overrides: Partial<HpaSummary> = {}): HpaSummary {
  return {
    namespace: 'checkout',
    name: 'checkout',
    target: { kind: 'Deployment', name: 'checkout' },
    minReplicas: 3,
    maxReplicas: 10,
    currentReplicas: 4,
    desiredReplicas: 4,
    metrics: [
      { name: 'cpu', targetType: 'Utilization', target: 70, current: 55 },
      { name: 'memory', targetType: 'Utilization', target: 80, current: 61 },
    ],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
      { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
    ],
    lastScaleTime: isoMinutesAgo(42),
    pinnedAtMax: false,
    ...overrides,
  };
}

export function pinnedHpaFixture(): HpaSummary {
  return hpaFixture({
    currentReplicas: 10,
    desiredReplicas: 10,
    metrics: [
      { name: 'cpu', targetType: 'Utilization', target: 70, current: 96 },
    ],
    conditions: [
      { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
        message:
          'the desired replica count is more than the maximum replica count',
        lastTransitionTime: isoMinutesAgo(25),
      },
    ],
    pinnedAtMax: true,
    pinnedAtMaxSince: isoMinutesAgo(25),
  });
}

export function pdbFixture(overrides: Partial<PdbSummary> = {}): PdbSummary {
  return {
    namespace: 'checkout',
    name: 'checkout',
    minAvailable: 2,
    currentHealthy: 3,
    desiredHealthy: 2,
    expectedPods: 3,
    disruptionsAllowed: 1,
    blocksDrains: false,
    ...overrides,
  };
}

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

export function clusterFixture(
  cluster: string,
  overrides: Partial<ClusterWorkloads> = {},
): ClusterWorkloads {
  const pods = ZONES.map((zone, i) => ({
    namespace: 'checkout',
    name: `checkout-7d9f-${cluster}-${i}`,
    phase: 'Running',
    ready: true,
    restarts: 0,
    node: `ip-10-0-${i}-1.${cluster}`,
    zone,
    startedAt: isoMinutesAgo(120),
  }));
  return {
    cluster,
    state: 'ok',
    syncedAt: isoMinutesAgo(0),
    deployments: [
      {
        namespace: 'checkout',
        name: 'checkout',
        replicas: {
          desired: 3,
          updated: 3,
          ready: 3,
          available: 3,
          unavailable: 0,
        },
        rollout: { state: 'complete' },
        images: [`123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:1.4.2`],
        revision: '7',
      },
    ],
    pods,
    hpas: [hpaFixture()],
    pdbs: [pdbFixture()],
    placement: {
      podsPerZone: Object.fromEntries(ZONES.map(z => [z, 1])),
      podsPerNode: Object.fromEntries(pods.map(p => [p.node!, 1])),
      spreadHolds: true,
      problems: [],
    },
    ...overrides,
  };
}

export function alertFixture(
  overrides: Partial<AlertSummary> = {},
): AlertSummary {
  return {
    fingerprint: 'a1',
    name: 'ServiceAvailabilityBudgetBurnFast',
    severity: 'critical',
    state: 'active',
    silenced: false,
    inhibited: false,
    startsAt: isoMinutesAgo(12),
    summary: 'checkout is burning its availability error budget fast (page)',
    runbookUrl:
      'https://github.com/acme/checkout/blob/main/docs/runbook.md#serviceavailabilitybudgetburnfast',
    labels: {
      service: 'checkout',
      namespace: 'shop',
      team: 'payments',
      severity: 'critical',
      slo: 'availability',
    },
    alertmanager: 'main',
    url: 'http://127.0.0.1:7193/#/alerts?filter=%7Bservice%3D%22checkout%22%7D',
    ...overrides,
  };
}

export function tracesFixture(
  overrides: Partial<TracesStatus> = {},
): TracesStatus {
  const series = Array.from({ length: 12 }, (_, i) => ({
    timestamp: isoMinutesAgo(60 - i * 5),
    requestRate: 40 + (i % 4) * 5,
    errorRatio: i === 10 ? 0.04 : 0.002,
    p95Ms: 120 + i,
  }));
  return {
    service: 'checkout',
    window: '5m',
    current: {
      requestRate: 42.5,
      errorRatio: 0.0123,
      latencyMs: { p50: 40, p95: 180, p99: 420 },
    },
    series,
    operations: [
      {
        name: 'POST /orders',
        requestRate: 30.1,
        errorRatio: 0.02,
        latencyMs: { p95: 210, p99: 480 },
      },
      {
        name: 'GET /cart',
        requestRate: 12.4,
        errorRatio: 0,
        latencyMs: { p95: 60, p99: 90 },
      },
    ],
    errorTraces: [
      {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        operation: 'POST /orders',
        startTime: isoMinutesAgo(3),
        durationMs: 512,
        url: 'http://127.0.0.1:7150/trace/4bf92f3577b34da6a3ce929d0e0e4736',
      },
    ],
    jaegerUrl: 'http://127.0.0.1:7150/search?service=checkout',
    ...overrides,
  };
}

function ok<T>(data: T): SourceResult<T> {
  return { state: 'ok', fetchedAt: isoMinutesAgo(0), data };
}

/** A healthy service running in three clusters, each spread over three zones. */
export function statusFixture(
  overrides: Partial<EntityPlatformStatus['sources']> = {},
): EntityPlatformStatus {
  return {
    entityRef: 'component:default/checkout',
    health: { level: 'healthy', reasons: [] },
    sources: {
      kubernetes: ok({
        clusters: ['dev', 'stage', 'prod'].map(c => clusterFixture(c)),
      }),
      alerts: ok({ alerts: [], instances: [{ name: 'main', state: 'ok' }] }),
      traces: ok(tracesFixture()),
      argocd: ok({
        applications: [
          {
            instance: 'main',
            name: 'checkout-prod',
            project: 'payments',
            syncStatus: 'Synced',
            healthStatus: 'Healthy',
            revision: '9f1c2ab',
            lastSyncedAt: isoMinutesAgo(30),
            destination: { name: 'prod', namespace: 'checkout' },
            url: 'http://127.0.0.1:7110/applications/argocd/checkout-prod',
          },
        ],
      }),
      ...overrides,
    },
  };
}

export function staleSource<T>(
  data: T,
  upstream: string,
  minutes = 7,
): SourceResult<T> {
  return {
    state: 'stale',
    fetchedAt: isoMinutesAgo(minutes),
    data,
    error: {
      upstream,
      message: 'connect ECONNREFUSED',
      since: isoMinutesAgo(minutes),
    },
  };
}

export function errorSource<T>(upstream: string, minutes = 4): SourceResult<T> {
  return {
    state: 'error',
    error: {
      upstream,
      message: 'deadline of 1500 ms exceeded',
      since: isoMinutesAgo(minutes),
    },
  };
}

export function notConfiguredSource<T>(hint: string): SourceResult<T> {
  return { state: 'not-configured', hint };
}

/** A service the golden path registered whose pull request is still open. */
export function pendingStatusFixture(): EntityPlatformStatus {
  const status = statusFixture({
    kubernetes: ok({ clusters: [] }),
  });
  status.health = {
    level: 'pending',
    reasons: [
      'Not deployed yet: registration pull request #7 is open; the service deploys once it is merged',
    ],
    registration: {
      pullRequest: {
        url: 'http://127.0.0.1:7130/platform/gitops/pull/7',
        title: 'Register checkout in Argo CD (dev, stage, prod)',
        number: 7,
      },
      ciRun: {
        url: 'http://127.0.0.1:7130/acme/checkout/actions/runs/42',
        status: 'in_progress',
      },
    },
  };
  return status;
}
