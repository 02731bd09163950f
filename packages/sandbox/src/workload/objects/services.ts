/** The per-service objects around a Deployment: Service, HPA, PDB, NetworkPolicy, monitoring CRs. */
import { FleetService } from '../../fleet';
import { serviceRuleGroups } from '../../prometheus/serviceRules';
import type { ClusterSimulation } from '../cluster-sim';
import { intOrPercent } from '../placement';
import { KubeObject, SimDeployment } from '../types';
import { kubeTime, meta, selectorLabels, serviceLabels } from './meta';

export function serviceObject(cluster: string, d: SimDeployment): KubeObject {
  const { service } = d;
  // The API server allocates the cluster IP from its service range (EKS: 172.20.0.0/16).
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(cluster, 'Service', service, service.name, d.createdAt),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(service),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

/**
 * A ServiceAccount: `default` in every namespace (what the service account
 * controller creates) and one per service (what its chart creates); pods
 * are admitted only once theirs exists.
 */
export function serviceAccountObject(
  namespace: string,
  name: string,
  service?: FleetService,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name,
      namespace,
      ...(service ? { labels: serviceLabels(service) } : {}),
    },
  };
}

/** The HPA controller's status: current metrics for each Resource metric it targets. */
export function hpaStatus(d: SimDeployment, metrics: string[]) {
  const { hpa } = d;
  const current: Record<string, unknown> = {
    cpu: {
      averageUtilization: hpa.cpuUtilization,
      averageValue: `${Math.round(2.5 * hpa.cpuUtilization)}m`,
    },
    memory: {
      averageUtilization: hpa.memoryUtilization,
      averageValue: `${Math.round(2.56 * hpa.memoryUtilization)}Mi`,
    },
  };
  return {
    currentReplicas: d.pods.length,
    desiredReplicas: d.replicas,
    ...(hpa.lastScaleTime !== undefined
      ? { lastScaleTime: kubeTime(hpa.lastScaleTime) }
      : {}),
    currentMetrics: metrics
      .filter(name => current[name])
      .map(name => ({
        type: 'Resource',
        resource: { name, current: current[name] },
      })),
    conditions: hpa.conditions.map(c => ({
      ...c,
      lastTransitionTime: kubeTime(c.lastTransitionTime),
    })),
  };
}

export function hpaObject(cluster: string, d: SimDeployment): KubeObject {
  const { service } = d;
  const { params } = service;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(
      cluster,
      'HorizontalPodAutoscaler',
      service,
      service.name,
      d.createdAt,
    ),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: service.name,
      },
      minReplicas: params.hpaMinReplicas,
      maxReplicas: params.hpaMaxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: params.cpuTargetUtilization,
            },
          },
        },
        {
          type: 'Resource',
          resource: {
            name: 'memory',
            target: {
              type: 'Utilization',
              averageUtilization: params.memoryTargetUtilization,
            },
          },
        },
      ],
    },
    status: hpaStatus(d, ['cpu', 'memory']),
  };
}

/**
 * The disruption controller's status: expectedPods from the owner's
 * scale, desiredHealthy from minAvailable (or expected − maxUnavailable),
 * allowed = healthy − desired.
 */
export function pdbStatus(
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
  spec: { minAvailable?: number | string; maxUnavailable?: number | string },
  generation: number,
) {
  const expectedPods = d.replicas;
  const desiredHealthy =
    spec.minAvailable !== undefined
      ? intOrPercent(spec.minAvailable, expectedPods, true)
      : Math.max(
          0,
          expectedPods -
            intOrPercent(spec.maxUnavailable ?? 1, expectedPods, false),
        );
  const currentHealthy = sim.readyCount(d, now);
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  return {
    observedGeneration: generation,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    disruptionsAllowed,
    conditions: [
      disruptionsAllowed > 0
        ? {
            type: 'DisruptionAllowed',
            status: 'True',
            reason: 'SufficientPods',
            message: '',
            observedGeneration: generation,
            lastTransitionTime: kubeTime(d.createdAt),
          }
        : {
            type: 'DisruptionAllowed',
            status: 'False',
            reason: 'InsufficientPods',
            message: '',
            observedGeneration: generation,
            lastTransitionTime: kubeTime(now),
          },
    ],
  };
}

/** policy/v1 PDB of a fleet service: maxUnavailable 1 (`pdbBlocksDrains`: minAvailable 100 %). */
export function pdbObject(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
): KubeObject {
  const { service } = d;
  // A budget that allows no eviction: every node drain would hang.
  const budget = service.breaks.includes('pdbBlocksDrains')
    ? { minAvailable: '100%' }
    : { maxUnavailable: 1 };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      ...meta(
        cluster,
        'PodDisruptionBudget',
        service,
        service.name,
        d.createdAt,
      ),
      generation: 1,
    },
    spec: {
      ...budget,
      selector: { matchLabels: selectorLabels(service) },
    },
    status: pdbStatus(sim, d, now, budget, 1),
  };
}

export function networkPolicyObject(
  cluster: string,
  d: SimDeployment,
): KubeObject {
  const { service } = d;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      ...meta(cluster, 'NetworkPolicy', service, service.name, d.createdAt),
      generation: 1,
    },
    spec: {
      podSelector: { matchLabels: selectorLabels(service) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: {} },
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
              },
            },
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
              },
            },
          ],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
    },
  };
}

export function serviceMonitorObject(
  cluster: string,
  d: SimDeployment,
): KubeObject {
  const { service } = d;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      ...meta(cluster, 'ServiceMonitor', service, service.name, d.createdAt),
      generation: 1,
    },
    spec: {
      selector: { matchLabels: selectorLabels(service) },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
    },
  };
}

export function prometheusRuleObject(
  cluster: string,
  d: SimDeployment,
): KubeObject {
  const { service } = d;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      ...meta(cluster, 'PrometheusRule', service, service.name, d.createdAt),
      generation: 1,
    },
    // What the golden-path chart deploys for the service (production timing).
    spec: { groups: serviceRuleGroups(service) },
  };
}
