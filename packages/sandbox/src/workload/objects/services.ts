/** The per-service objects around a Deployment: Service, HPA, PDB, NetworkPolicy, monitoring CRs. */
import { FleetService } from '../../fleet';
import { serviceRuleGroups } from '../../prometheus/serviceRules';
import { ClusterSimulation } from '../cluster-sim';
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

export function hpaObject(cluster: string, d: SimDeployment): KubeObject {
  const { service, hpa } = d;
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
    status: {
      currentReplicas: d.pods.length,
      desiredReplicas: d.replicas,
      ...(hpa.lastScaleTime !== undefined
        ? { lastScaleTime: kubeTime(hpa.lastScaleTime) }
        : {}),
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: {
              averageUtilization: hpa.cpuUtilization,
              averageValue: `${Math.round(2.5 * hpa.cpuUtilization)}m`,
            },
          },
        },
        {
          type: 'Resource',
          resource: {
            name: 'memory',
            current: {
              averageUtilization: hpa.memoryUtilization,
              averageValue: `${Math.round(2.56 * hpa.memoryUtilization)}Mi`,
            },
          },
        },
      ],
      conditions: hpa.conditions.map(c => ({
        ...c,
        lastTransitionTime: kubeTime(c.lastTransitionTime),
      })),
    },
  };
}

/**
 * policy/v1 PDB with maxUnavailable 1. Status is computed like the
 * disruption controller: expectedPods from the owner's scale,
 * desiredHealthy = expected − maxUnavailable, allowed = healthy − desired.
 */
export function pdbObject(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
): KubeObject {
  const { service } = d;
  const expectedPods = d.replicas;
  const desiredHealthy = Math.max(0, expectedPods - 1);
  const currentHealthy = sim.readyCount(d, now);
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
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
      maxUnavailable: 1,
      selector: { matchLabels: selectorLabels(service) },
    },
    status: {
      observedGeneration: 1,
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
              observedGeneration: 1,
              lastTransitionTime: kubeTime(d.createdAt),
            }
          : {
              type: 'DisruptionAllowed',
              status: 'False',
              reason: 'InsufficientPods',
              message: '',
              observedGeneration: 1,
              lastTransitionTime: kubeTime(now),
            },
      ],
    },
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
