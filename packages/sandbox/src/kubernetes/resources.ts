import { KubeObject, ResourceDefinition, apiVersionOf } from './types';

const CONTROLLER = 'kube-controller-manager';
// Argo CD applies the manifests of every service in the product's clusters.
const GITOPS = 'argocd-controller';

/** A dotted path such as `spec.nodeName` read as the apiserver's field set does ('' when absent). */
function field(path: string): (object: KubeObject) => string {
  const parts = path.split('.');
  return object => {
    let value: unknown = object;
    for (const part of parts) {
      value =
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    return value === undefined || value === null ? '' : String(value);
  };
}

/**
 * The resources the simulator serves: the kinds the product reads, plus the
 * other kinds Backstage's Kubernetes backend lists by default (so that the
 * stock Kubernetes tab gets empty lists instead of 404s, as on a real cluster).
 */
export const RESOURCES: ResourceDefinition[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    tracksGeneration: false,
    specManager: GITOPS,
    selectableFields: { 'status.phase': field('status.phase') },
  },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    tracksGeneration: false,
    specManager: CONTROLLER,
    statusManager: 'kubelet',
    selectableFields: {
      'spec.nodeName': field('spec.nodeName'),
      'spec.restartPolicy': field('spec.restartPolicy'),
      'spec.schedulerName': field('spec.schedulerName'),
      'spec.serviceAccountName': field('spec.serviceAccountName'),
      'spec.hostNetwork': object =>
        String(
          Boolean((object.spec as { hostNetwork?: boolean })?.hostNetwork),
        ),
      'status.phase': field('status.phase'),
      'status.podIP': field('status.podIP'),
      'status.nominatedNodeName': field('status.nominatedNodeName'),
    },
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    tracksGeneration: false,
    specManager: 'kubelet',
    statusManager: 'kubelet',
    selectableFields: {
      'spec.unschedulable': object =>
        String(
          Boolean((object.spec as { unschedulable?: boolean })?.unschedulable),
        ),
    },
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    tracksGeneration: false,
    specManager: GITOPS,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    tracksGeneration: false,
    specManager: GITOPS,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
    tracksGeneration: false,
    specManager: GITOPS,
    selectableFields: { type: field('type') },
  },
  {
    // The pod drawer of the Kubernetes tab reads these through the proxy.
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    tracksGeneration: false,
    specManager: 'kubelet',
    selectableFields: Object.fromEntries(
      [
        'involvedObject.kind',
        'involvedObject.namespace',
        'involvedObject.name',
        'involvedObject.uid',
        'involvedObject.apiVersion',
        'involvedObject.resourceVersion',
        'involvedObject.fieldPath',
        'reason',
        'reportingComponent',
        'source',
        'type',
      ].map(path => [
        path,
        field(path === 'source' ? 'source.component' : path),
      ]),
    ),
  },
  {
    group: '',
    version: 'v1',
    kind: 'LimitRange',
    plural: 'limitranges',
    singular: 'limitrange',
    namespaced: true,
    shortNames: ['limits'],
    tracksGeneration: false,
    specManager: GITOPS,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    singular: 'resourcequota',
    namespaced: true,
    shortNames: ['quota'],
    tracksGeneration: false,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolume',
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    namespaced: false,
    shortNames: ['pv'],
    tracksGeneration: false,
    specManager: CONTROLLER,
  },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    namespaced: true,
    shortNames: ['pvc'],
    tracksGeneration: false,
    specManager: GITOPS,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    tracksGeneration: true,
    specManager: CONTROLLER,
    statusManager: CONTROLLER,
    selectableFields: { 'status.replicas': field('status.replicas') },
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    plural: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    plural: 'jobs',
    singular: 'job',
    namespaced: true,
    categories: ['all'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: CONTROLLER,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    singular: 'networkpolicy',
    namespaced: true,
    shortNames: ['netpol'],
    tracksGeneration: true,
    specManager: GITOPS,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    tracksGeneration: true,
    specManager: GITOPS,
    statusManager: 'aws-load-balancer-controller',
  },
  {
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'ServiceMonitor',
    plural: 'servicemonitors',
    singular: 'servicemonitor',
    namespaced: true,
    shortNames: ['smon'],
    categories: ['prometheus-operator'],
    custom: true,
    tracksGeneration: true,
    specManager: GITOPS,
  },
  {
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'PrometheusRule',
    plural: 'prometheusrules',
    singular: 'prometheusrule',
    namespaced: true,
    shortNames: ['promrule'],
    categories: ['prometheus-operator'],
    custom: true,
    tracksGeneration: true,
    specManager: GITOPS,
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'PodMetrics',
    plural: 'pods',
    singular: '',
    namespaced: true,
    readOnly: true,
    tracksGeneration: false,
    specManager: 'metrics-server',
  },
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    kind: 'NodeMetrics',
    plural: 'nodes',
    singular: '',
    namespaced: false,
    readOnly: true,
    tracksGeneration: false,
    specManager: 'metrics-server',
  },
];

/** The groups in the order the real server's discovery lists them. */
export function groupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const resource of RESOURCES) {
    const key = apiVersionOf(resource);
    if (!seen.has(key))
      seen.set(key, { group: resource.group, version: resource.version });
  }
  return [...seen.values()];
}

export function findByPath(
  group: string,
  version: string,
  plural: string,
): ResourceDefinition | undefined {
  return RESOURCES.find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

export function findByKind(
  apiVersion: string,
  kind: string,
): ResourceDefinition | undefined {
  return RESOURCES.find(r => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** `pods` for the core group, `deployments.apps` otherwise, as in apiserver messages. */
export function qualifiedResource(resource: ResourceDefinition): string {
  return resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
}

export function verbsOf(resource: ResourceDefinition): string[] {
  return resource.readOnly
    ? ['get', 'list']
    : ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
}
