import { KubeObject } from './kubeClient';

/** Users of a sandbox cluster's token file; only the portal's token is fixed (app-config.yaml). */
export const SANDBOX_USERS = {
  /** What the portal (status backend, stock Kubernetes plugin) reads with. */
  portal: 'eks-platform-portal',
  /** The workload simulator: writes what the controllers and kubelets of a real cluster would. */
  workload: 'eks-platform-workload-simulator',
  /** Bootstrap (RBAC, CRDs) and tests that need everything. */
  admin: 'eks-platform-sandbox-admin',
  /**
   * Argo CD's application controller on this cluster: what `argocd cluster
   * add` sets up (the argocd-manager ServiceAccount bound to a ClusterRole
   * with every verb on every resource).
   */
  argocd: 'argocd-manager',
};

const READ = ['get', 'list', 'watch'];
const WRITE = [...READ, 'create', 'update', 'patch', 'delete'];

/**
 * Read-only access to what the portal reads: the status backend's kinds
 * (Deployments, ReplicaSets, Pods, HPAs, PDBs, Nodes, NetworkPolicies) and the objects
 * Backstage's Kubernetes plugin lists by default. No Secrets.
 */
const PORTAL_RULES = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'services',
      'configmaps',
      'limitranges',
      'resourcequotas',
      'nodes',
    ],
    verbs: READ,
  },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    verbs: READ,
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: READ,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  {
    apiGroups: ['networking.k8s.io'],
    // NetworkPolicies: which select a service's pods (the readiness scorecard).
    resources: ['ingresses', 'networkpolicies'],
    verbs: READ,
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: READ },
];

/** What the workload simulator writes, status subresources included. */
const WORKLOAD_RULES = [
  {
    apiGroups: [''],
    resources: [
      'namespaces',
      'serviceaccounts',
      'nodes',
      'nodes/status',
      'pods',
      'pods/status',
      'services',
      'services/status',
    ],
    verbs: WRITE,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'deployments',
      'deployments/status',
      // The HPA controller's part: it resizes Deployments through their scale.
      'deployments/scale',
      'replicasets',
      'replicasets/status',
    ],
    verbs: WRITE,
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
    verbs: WRITE,
  },
  {
    apiGroups: ['policy'],
    resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
    verbs: WRITE,
  },
  {
    apiGroups: ['networking.k8s.io'],
    // Ingress status: the AWS Load Balancer Controller's part for ALB ingresses.
    resources: ['networkpolicies', 'ingresses', 'ingresses/status'],
    verbs: WRITE,
  },
  {
    apiGroups: ['monitoring.coreos.com'],
    resources: ['servicemonitors', 'prometheusrules'],
    verbs: WRITE,
  },
];

function roleAndBinding(name: string, user: string, rules: unknown[]) {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name,
      },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user },
      ],
    },
  ] as KubeObject[];
}

/** argocd-manager-role, as `argocd cluster add` creates it. */
const ARGOCD_MANAGER_RULES = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

/** The ClusterRoles and bindings a sandbox cluster starts with. */
export function sandboxRbacObjects(): KubeObject[] {
  return [
    ...roleAndBinding(
      'eks-platform:portal-read-only',
      SANDBOX_USERS.portal,
      PORTAL_RULES,
    ),
    ...roleAndBinding(
      'eks-platform:workload-simulator',
      SANDBOX_USERS.workload,
      WORKLOAD_RULES,
    ),
    ...roleAndBinding(
      'argocd-manager-role',
      SANDBOX_USERS.argocd,
      ARGOCD_MANAGER_RULES,
    ),
  ];
}
