import {
  ContainerFacts,
  EntityPlatformStatus,
  ImageScanSummary,
} from '@internal/backstage-plugin-eks-platform-common';
import { ScorecardRuleContext } from '@internal/backstage-plugin-eks-platform-node';
import { DEFAULT_THRESHOLDS } from '../readScorecardConfig';

export const NOW = new Date('2026-11-30T12:00:00.000Z');
export const DIGEST =
  'sha256:5f0c3f3e2a1b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5';
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

function container(): ContainerFacts {
  return {
    name: 'app',
    image: `${REGISTRY}/checkout@${DIGEST}`,
    readinessProbe: true,
    livenessProbe: true,
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { memory: '512Mi' },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilitiesDrop: ['ALL'],
    },
  };
}

/** A prod deployment of `checkout` that meets every built-in rule. */
export function compliantStatus(): EntityPlatformStatus {
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  const minutesAgo = (m: number) =>
    new Date(NOW.getTime() - m * 60_000).toISOString();
  return {
    entityRef: 'component:default/checkout',
    health: { level: 'healthy', reasons: [] },
    sources: {
      kubernetes: {
        state: 'ok',
        data: {
          clusters: [
            {
              cluster: 'prod',
              state: 'ok',
              deployments: [
                {
                  namespace: 'shop',
                  name: 'checkout',
                  replicas: {
                    desired: 3,
                    updated: 3,
                    ready: 3,
                    available: 3,
                    unavailable: 0,
                  },
                  rollout: { state: 'complete' },
                  images: [`${REGISTRY}/checkout@${DIGEST}`],
                  podTemplate: {
                    labels: { app: 'checkout' },
                    containers: [container()],
                  },
                },
              ],
              pods: zones.map((zone, i) => ({
                namespace: 'shop',
                name: `checkout-abc-${i}`,
                phase: 'Running',
                ready: true,
                restarts: 0,
                node: `node-${i}`,
                zone,
                imageDigests: [DIGEST],
              })),
              hpas: [
                {
                  namespace: 'shop',
                  name: 'checkout',
                  target: { kind: 'Deployment', name: 'checkout' },
                  minReplicas: 3,
                  maxReplicas: 10,
                  currentReplicas: 3,
                  desiredReplicas: 3,
                  metrics: [],
                  conditions: [],
                  pinnedAtMax: false,
                },
              ],
              pdbs: [
                {
                  namespace: 'shop',
                  name: 'checkout',
                  maxUnavailable: 1,
                  currentHealthy: 3,
                  desiredHealthy: 2,
                  expectedPods: 3,
                  disruptionsAllowed: 1,
                  blocksDrains: false,
                },
              ],
              networkPolicies: [
                {
                  namespace: 'shop',
                  name: 'checkout',
                  policyTypes: ['Ingress'],
                },
              ],
              placement: {
                podsPerZone: {},
                podsPerNode: {},
                spreadHolds: true,
                problems: [],
              },
            },
          ],
        },
      },
      alerts: {
        state: 'ok',
        data: {
          alerts: [],
          instances: [{ name: 'main', state: 'ok' }],
          rules: {
            names: ['CheckoutAvailabilityBurnRate'],
            prometheus: 'main',
          },
          routing: [
            {
              alertmanager: 'main',
              receivers: ['team-shop'],
              reachesOwner: true,
            },
          ],
        },
      },
      traces: {
        state: 'ok',
        data: {
          service: 'checkout',
          window: '5m',
          current: { requestRate: 10, errorRatio: 0.001, latencyMs: {} },
          series: [20, 10, 5].map(m => ({
            timestamp: minutesAgo(m),
            requestRate: 10,
            errorRatio: 0.001,
          })),
          operations: [],
          errorTraces: [],
        },
      },
      argocd: {
        state: 'ok',
        data: {
          applications: [
            {
              instance: 'main',
              name: 'checkout-prod',
              project: 'default',
              syncStatus: 'Synced',
              healthStatus: 'Healthy',
              destination: {
                server: 'https://prod.example',
                namespace: 'shop',
              },
              url: 'https://argocd.example/applications/checkout-prod',
            },
          ],
        },
      },
    },
  };
}

export function cleanScan(): ImageScanSummary {
  return {
    digest: DIGEST,
    repository: 'checkout',
    registry: REGISTRY,
    inOrganisationRegistry: true,
    clusters: ['prod'],
    scanStatus: 'COMPLETE',
    counts: { MEDIUM: 2, LOW: 5 },
  };
}

/** The context of a rule judging the compliant service in prod; change what a test needs. */
export function compliantContext(): ScorecardRuleContext {
  return {
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'eks.platform/template-ref': 'template:default/eks-service',
          'eks.platform/template-version': '1.4.0',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/team-shop',
      },
    },
    environment: {
      name: 'prod',
      clusters: ['prod'],
      argocd: { instance: 'main', destinationServer: 'https://prod.example' },
    },
    status: compliantStatus(),
    images: [cleanScan()],
    currentTemplateVersion: '1.4.0',
    thresholds: { ...DEFAULT_THRESHOLDS },
    now: NOW,
  };
}

/** The prod cluster's workloads in a context, to change. */
export function prodCluster(context: ScorecardRuleContext) {
  return context.status.sources.kubernetes.data!.clusters[0];
}
