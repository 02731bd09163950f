import {
  AlertSummary,
  ClusterWorkloads,
  EntityPlatformStatus,
  PodSummary,
} from '@internal/backstage-plugin-eks-platform-common';
import { summarizeHealth } from '../status/healthSummary';

/**
 * A full status as the backend builds it for a service of `replicas` pods
 * in each of `clusters`, with field sizes as real upstreams write them
 * (ECR image names, Kubernetes condition messages, Alertmanager labels,
 * an hour of trace points, Argo CD destinations).
 */
export function realisticStatus(
  options: {
    name?: string;
    clusters?: string[];
    replicas?: number;
    alerts?: number;
    crashing?: boolean;
  } = {},
): EntityPlatformStatus {
  const name = options.name ?? 'order-service';
  const clusterNames = options.clusters ?? ['dev', 'stage', 'prod'];
  const replicas = options.replicas ?? 5;
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  const namespace = 'team-payments';
  const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/${name}:1.42.0-sha.3f9c2ab`;
  const clusters: ClusterWorkloads[] = clusterNames.map(cluster => {
    const pods: PodSummary[] = Array.from({ length: replicas }, (_, i) => ({
      namespace,
      name: `${name}-7d9f8c6b5d-${'abcdefghij'.slice(i, i + 5)}${i}`,
      phase: 'Running',
      ready: !options.crashing,
      restarts: options.crashing ? 17 : 0,
      node: `ip-10-0-${i}-${100 + i}.eu-west-1.compute.internal`,
      zone: zones[i % 3],
      reason: options.crashing ? 'CrashLoopBackOff' : undefined,
      startedAt: '2026-11-30T08:12:44Z',
      imageDigests: [
        'sha256:3f9c2ab4d1e0f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4',
        'sha256:0b1c2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddeeff0',
      ],
    }));
    const container = {
      readinessProbe: true,
      livenessProbe: true,
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { memory: '512Mi' },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilitiesDrop: ['ALL'],
      },
    };
    return {
      cluster,
      state: 'ok',
      syncedAt: '2026-11-30T10:40:00.000Z',
      deployments: [
        {
          namespace,
          name,
          replicas: {
            desired: replicas,
            updated: replicas,
            ready: options.crashing ? 0 : replicas,
            available: options.crashing ? 0 : replicas,
            unavailable: options.crashing ? replicas : 0,
          },
          rollout: {
            state: 'complete',
            message: `ReplicaSet "${name}-7d9f8c6b5d" has successfully progressed.`,
          },
          images: [
            image,
            'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0',
          ],
          revision: '42',
          podTemplate: {
            labels: {
              'app.kubernetes.io/name': name,
              'app.kubernetes.io/instance': `${name}-${cluster}`,
              'backstage.io/kubernetes-id': name,
            },
            containers: [
              { name: 'app', image, ...container },
              {
                name: 'otel-collector',
                image:
                  'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0',
                ...container,
              },
            ],
          },
        },
      ],
      networkPolicies: [
        { namespace, name, policyTypes: ['Ingress', 'Egress'] },
        { namespace, name: 'default-deny', policyTypes: ['Ingress'] },
      ],
      pods,
      hpas: [
        {
          namespace,
          name,
          target: { kind: 'Deployment', name },
          minReplicas: 3,
          maxReplicas: 10,
          currentReplicas: replicas,
          desiredReplicas: replicas,
          metrics: [
            { name: 'cpu', targetType: 'Utilization', target: 70, current: 41 },
            {
              name: 'memory',
              targetType: 'AverageValue',
              target: '512Mi',
              current: '301Mi',
            },
          ],
          conditions: [
            {
              type: 'AbleToScale',
              status: 'True',
              reason: 'ReadyForNewScale',
              message: 'recommended size matches current size',
              lastTransitionTime: '2026-11-29T10:00:00Z',
            },
            {
              type: 'ScalingActive',
              status: 'True',
              reason: 'ValidMetricFound',
              message:
                'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
              lastTransitionTime: '2026-11-29T10:00:00Z',
            },
            {
              type: 'ScalingLimited',
              status: 'False',
              reason: 'DesiredWithinRange',
              message: 'the desired count is within the acceptable range',
              lastTransitionTime: '2026-11-29T10:00:00Z',
            },
          ],
          lastScaleTime: '2026-11-30T09:00:00Z',
          pinnedAtMax: false,
        },
      ],
      pdbs: [
        {
          namespace,
          name,
          minAvailable: 2,
          currentHealthy: replicas,
          desiredHealthy: 2,
          expectedPods: replicas,
          disruptionsAllowed: replicas - 2,
          blocksDrains: false,
        },
      ],
      placement: {
        podsPerZone: pods.reduce<Record<string, number>>(
          (perZone, p) => ({
            ...perZone,
            [p.zone!]: (perZone[p.zone!] ?? 0) + 1,
          }),
          {},
        ),
        podsPerNode: Object.fromEntries(pods.map(p => [p.node!, 1])),
        spreadHolds: true,
        problems: [],
      },
    };
  });
  const alerts: AlertSummary[] = Array.from(
    { length: options.alerts ?? 4 },
    (_, i) => ({
      fingerprint: `4f7c1a2b3c4d5e6${i}`,
      name: i % 2 ? 'ServiceLatencyHigh' : 'ServiceAvailabilityBudgetBurnFast',
      severity: i % 2 ? 'warning' : 'critical',
      state: i === 3 ? 'suppressed' : 'active',
      silenced: i === 3,
      inhibited: false,
      startsAt: '2026-11-30T10:01:00.000Z',
      summary: `${name} is burning its availability error budget fast (page) — ${'x'.repeat(
        60,
      )}`,
      description:
        'More than 14.4x the allowed error rate over the last hour and five minutes: at this pace the 30-day budget is gone in two days. Check the error traces and recent deployments.',
      runbookUrl: `https://runbooks.example.com/payments/${name}/availability`,
      labels: {
        alertname: 'ServiceAvailabilityBudgetBurnFast',
        service: name,
        namespace,
        severity: i % 2 ? 'warning' : 'critical',
        team: 'payments',
        cluster: 'prod',
        prometheus: 'monitoring/kube-prometheus-stack-prometheus',
        slo: 'availability',
        window: '1h',
      },
      alertmanager: 'main',
      url: `https://alertmanager.example.com/#/alerts?silenced=true&inhibited=true&filter=%7Balertname%3D%22ServiceAvailabilityBudgetBurnFast%22%2Cservice%3D%22${name}%22%7D`,
    }),
  );
  const sources: EntityPlatformStatus['sources'] = {
    kubernetes: {
      state: 'ok',
      fetchedAt: '2026-11-30T10:40:00.000Z',
      data: { clusters },
    },
    alerts: {
      state: 'ok',
      fetchedAt: '2026-11-30T10:40:00.000Z',
      data: {
        alerts,
        instances: [{ name: 'main', state: 'ok' }],
        rules: {
          prometheus: 'main',
          names: [
            'ServiceAvailabilityBudgetBurnFast',
            'ServiceAvailabilityBudgetBurnSlow',
            'ServiceLatencyBudgetBurnFast',
            'ServiceLatencyBudgetBurnSlow',
            'ServiceCrashLooping',
            'ServiceHpaAtMaxReplicas',
            'ServicePodsNotReady',
          ],
        },
        routing: [
          { alertmanager: 'main', receivers: ['payments'], reachesOwner: true },
        ],
      },
    },
    traces: {
      state: 'ok',
      fetchedAt: '2026-11-30T10:40:00.000Z',
      data: {
        service: name,
        window: '5m',
        current: {
          requestRate: 41.7,
          errorRatio: 0.004,
          latencyMs: { p50: 12, p95: 88, p99: 210 },
        },
        series: Array.from({ length: 60 }, (_, i) => ({
          timestamp: new Date(Date.UTC(2026, 10, 30, 9, 40 + i)).toISOString(),
          requestRate: 40 + (i % 7),
          errorRatio: 0.003 + (i % 5) / 1000,
          p95Ms: 80 + (i % 11),
        })),
        operations: Array.from({ length: 10 }, (_, i) => ({
          name: `POST /api/v1/orders/{orderId}/items/${i}`,
          requestRate: 4.1,
          errorRatio: 0.002,
          latencyMs: { p50: 11, p95: 80, p99: 190 },
        })),
        errorTraces: Array.from({ length: 10 }, (_, i) => ({
          traceId: `4bf92f3577b34da6a3ce929d0e0e47${10 + i}`,
          operation: 'POST /api/v1/orders',
          startTime: '2026-11-30T10:38:00.000Z',
          durationMs: 431,
          url: `https://jaeger.example.com/trace/4bf92f3577b34da6a3ce929d0e0e47${
            10 + i
          }`,
        })),
        jaegerUrl: `https://jaeger.example.com/search?service=${name}`,
      },
    },
    argocd: {
      state: 'ok',
      fetchedAt: '2026-11-30T10:40:00.000Z',
      data: {
        applications: clusterNames.map(env => ({
          instance: 'main',
          name: `${name}-${env}`,
          project: 'payments',
          syncStatus: 'Synced',
          healthStatus: 'Healthy',
          revision: '3f9c2ab1d4e5f60718293a4b5c6d7e8f90a1b2c3',
          lastSyncedAt: '2026-11-30T09:59:00Z',
          destination: {
            server: `https://ABCDEF0123456789ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com`,
            namespace,
          },
          url: `https://argocd.example.com/applications/argocd/${name}-${env}`,
        })),
      },
    },
  };
  return {
    entityRef: `component:default/${name}`,
    health: summarizeHealth(sources),
    sources,
  };
}

type Cluster = NonNullable<
  EntityPlatformStatus['sources']['kubernetes']['data']
>['clusters'][number];
/** One cluster's status, with a healthy 2-replica Deployment `checkout` running there or nothing. */
export const clusterStatus = (name: string, running: boolean): Cluster => ({
  cluster: name,
  state: 'ok',
  deployments: running
    ? [
        {
          namespace: 'n',
          name: 'checkout',
          replicas: {
            desired: 2,
            updated: 2,
            ready: 2,
            available: 2,
            unavailable: 0,
          },
          rollout: { state: 'complete' },
          images: [],
        },
      ]
    : [],
  pods: [],
  hpas: [],
  pdbs: [],
  placement: {
    podsPerZone: {},
    podsPerNode: {},
    spreadHolds: true,
    problems: [],
  },
});
