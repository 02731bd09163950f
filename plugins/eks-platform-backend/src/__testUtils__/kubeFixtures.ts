import { KubeApiError, KubeClient } from '@internal/eks-platform-sandbox';

/*
 * Deterministic Kubernetes objects for one service, shaped like the
 * sandbox's workload simulator writes them (labels, owner references,
 * HPA and PDB status), created in a real kube-apiserver in tests.
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
    },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': service } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': service } },
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
          image: `registry/${service}:1.2.3`,
          imageID: '',
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

/**
 * A service (default `checkout` in `shop`): 3 pods, two of them on
 * node-a, HPA pinned at max, PDB blocking drains; plus another service's
 * objects that must not leak in.
 */
export function checkoutObjects(id = 'checkout', ns = 'shop'): any[] {
  return [
    ...nodes(),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    deployment(id, ns),
    pod(id, ns, `${id}-abc-1`, 'node-a'),
    pod(id, ns, `${id}-abc-2`, 'node-a'),
    pod(id, ns, `${id}-abc-3`, 'node-b', { restarts: 2 }),
    hpa(id, ns, { pinned: true }),
    pdb(id, ns, 0),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pay' } },
    deployment('payments', 'pay'),
    pod('payments', 'pay', 'payments-x-1', 'node-c'),
    hpa('payments', 'pay'),
    pdb('payments', 'pay', 1),
  ];
}

/**
 * Creates the objects (and their status) in a real API server, with each
 * namespace's `default` ServiceAccount (pods are admitted only then).
 * Objects that already exist are left alone, so fixtures can be shared.
 */
export async function seed(client: KubeClient, objects: any[]) {
  const create = (o: any) =>
    client.createWithStatus(o).catch(error => {
      if (!(error instanceof KubeApiError && error.status === 409)) throw error;
    });
  const first = objects.filter(o => ['Namespace', 'Node'].includes(o.kind));
  await Promise.all(first.map(create));
  await Promise.all(
    first
      .filter(o => o.kind === 'Namespace')
      .map(o =>
        create({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: o.metadata.name },
        }),
      ),
  );
  await Promise.all(objects.filter(o => !first.includes(o)).map(create));
}
