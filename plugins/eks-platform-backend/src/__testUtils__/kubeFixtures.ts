/*
 * Deterministic Kubernetes objects for one service, shaped like the
 * sandbox's workload simulator writes them (labels, owner references,
 * HPA and PDB status), applied to a sandbox ClusterState in tests.
 */
const ID = 'backstage.io/kubernetes-id';

export function nodes(): any[] {
  return ['a', 'b', 'c'].map(z => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `node-${z}`,
      labels: {
        'topology.kubernetes.io/zone': `eu-west-1${z}`,
        'kubernetes.io/hostname': `node-${z}`,
      },
    },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  }));
}

export function deployment(
  service: string,
  ns: string,
  opts: { replicas?: number; ready?: number } = {},
): any {
  const replicas = opts.replicas ?? 3;
  const ready = opts.ready ?? replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: service,
      namespace: ns,
      generation: 1,
      labels: { [ID]: service, 'app.kubernetes.io/name': service },
      annotations: {
        'deployment.kubernetes.io/revision': '2',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      },
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': service } },
      template: {
        spec: {
          containers: [{ name: 'app', image: `registry/${service}:1.2.3` }],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(replicas - ready > 0
        ? { unavailableReplicas: replicas - ready }
        : {}),
    },
  };
}

export function pod(
  service: string,
  ns: string,
  name: string,
  node: string,
  opts: { ready?: boolean; reason?: string; restarts?: number } = {},
): any {
  const ready = opts.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels: { [ID]: service, 'app.kubernetes.io/name': service },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${service}-abc`,
          uid: 'u1',
        },
      ],
    },
    spec: {
      nodeName: node,
      containers: [
        {
          name: 'app',
          image: `registry/${service}:1.2.3`,
          env: [{ name: 'A', value: 'b' }],
        },
      ],
    },
    status: {
      phase: 'Running',
      startTime: '2026-11-22T01:00:00Z',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: 'app',
          ready,
          restartCount: opts.restarts ?? 0,
          state: opts.reason
            ? { waiting: { reason: opts.reason } }
            : { running: { startedAt: '2026-11-22T01:00:00Z' } },
        },
      ],
    },
  };
}

export function hpa(
  service: string,
  ns: string,
  opts: { pinned?: boolean } = {},
): any {
  const pinned = opts.pinned ?? false;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: service, namespace: ns },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: service,
      },
      minReplicas: 2,
      maxReplicas: 3,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
    status: {
      currentReplicas: 3,
      desiredReplicas: pinned ? 3 : 2,
      lastScaleTime: '2026-11-22T00:30:00Z',
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: pinned ? 140 : 50 },
          },
        },
      ],
      conditions: [
        pinned
          ? {
              type: 'ScalingLimited',
              status: 'True',
              reason: 'TooManyReplicas',
              message:
                'the desired replica count is more than the maximum replica count',
              lastTransitionTime: '2026-11-22T00:31:00Z',
            }
          : {
              type: 'ScalingLimited',
              status: 'False',
              reason: 'DesiredWithinRange',
              lastTransitionTime: '2026-11-22T00:31:00Z',
            },
      ],
    },
  };
}

export function pdb(
  service: string,
  ns: string,
  disruptionsAllowed: number,
): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: service, namespace: ns },
    spec: {
      minAvailable: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': service } },
    },
    status: {
      currentHealthy: 3,
      desiredHealthy: 3,
      expectedPods: 3,
      disruptionsAllowed,
    },
  };
}

/** A `checkout` service: 3 pods, two of them on node-a, HPA pinned at max, PDB blocking drains. */
export function checkoutObjects(): any[] {
  return [
    ...nodes(),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    deployment('checkout', 'shop'),
    pod('checkout', 'shop', 'checkout-abc-1', 'node-a'),
    pod('checkout', 'shop', 'checkout-abc-2', 'node-a'),
    pod('checkout', 'shop', 'checkout-abc-3', 'node-b', { restarts: 2 }),
    hpa('checkout', 'shop', { pinned: true }),
    pdb('checkout', 'shop', 0),
    // Another service's objects in the same cluster must not leak in.
    deployment('payments', 'pay'),
    pod('payments', 'pay', 'payments-x-1', 'node-c'),
    hpa('payments', 'pay'),
    pdb('payments', 'pay', 1),
  ];
}
