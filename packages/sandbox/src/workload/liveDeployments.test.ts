import path from 'node:path';
import { buildFleet } from '../fleet';
import { MemorySink } from './__testUtils__/memorySink';
import { ZONES } from './scheduler';
import { WorkloadSimulator } from './simulator';
import type { KubeObject } from './types';

/*
 * Deployments the simulator did not create (as Argo CD applies them): it
 * plays the controllers and kubelets for them with the same code as for
 * the demo services, honouring the pod template's spread, anti-affinity,
 * probes and rollout strategy, the HPA's bounds and the PDB's budget.
 */

const catalogDir = path.join(
  __dirname,
  '..',
  'fleet',
  '__fixtures__',
  'catalog',
);
const NS = 'commerce';
const NAME = 'basket-api';
const labels = {
  'app.kubernetes.io/name': NAME,
  'app.kubernetes.io/instance': NAME,
  'backstage.io/kubernetes-id': NAME,
  team: 'team-commerce',
};
const selector = {
  'app.kubernetes.io/name': NAME,
  'app.kubernetes.io/instance': NAME,
};

function chartDeployment(
  image: string,
  extra: Record<string, any> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: NAME,
      namespace: NS,
      uid: 'live-deployment-uid',
      generation: image.endsWith(':1') ? 1 : 2,
      labels,
    },
    spec: {
      selector: { matchLabels: selector },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
      },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: NAME,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              minDomains: 3,
              matchLabelKeys: ['pod-template-hash'],
              labelSelector: { matchLabels: selector },
            },
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector },
            },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    topologyKey: 'kubernetes.io/hostname',
                    labelSelector: { matchLabels: selector },
                  },
                },
              ],
            },
          },
          containers: [
            {
              name: NAME,
              image,
              resources: {
                requests: { cpu: '500m', memory: '512Mi' },
                limits: { cpu: '500m', memory: '512Mi' },
              },
              startupProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 2,
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 'http' },
                periodSeconds: 5,
                successThreshold: 2,
              },
            },
          ],
        },
      },
      ...extra,
    },
  };
}

const hpa: KubeObject = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: NAME, namespace: NS, labels },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
    minReplicas: 3,
    maxReplicas: 10,
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
};
const pdb: KubeObject = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: NAME, namespace: NS, labels, generation: 1 },
  spec: { minAvailable: 2, selector: { matchLabels: selector } },
};
const ingress: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: NAME, namespace: NS, labels },
  spec: {
    ingressClassName: 'alb',
    rules: [{ host: 'basket.dev.example.com' }],
  },
};

function setup() {
  let now = Date.parse('2026-11-20T10:00:00Z');
  const sink = new MemorySink();
  const fleet = buildFleet({ catalogDir });
  const live = () => ({
    deployments: sink.list('apps/v1', 'Deployment'),
    hpas: sink.list('autoscaling/v2', 'HorizontalPodAutoscaler'),
    pdbs: sink.list('policy/v1', 'PodDisruptionBudget'),
    ingresses: sink.list('networking.k8s.io/v1', 'Ingress'),
  });
  const workload = new WorkloadSimulator({
    fleet,
    clusters: { dev: sink },
    liveWorkloads: { dev: { snapshot: live } },
    clock: () => now,
    tickMs: 1000,
    podStartupMs: 3000,
    crashChance: 0,
    rolloutChance: 0,
  });
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 1000) {
      now += 1000;
      await workload.tick();
    }
  };
  const pods = () =>
    sink
      .list('v1', 'Pod', NS)
      .filter(p => p.metadata.labels?.['backstage.io/kubernetes-id'] === NAME);
  const zoneOf = (pod: any) =>
    sink.get('v1', 'Node', undefined, pod.spec.nodeName).metadata.labels[
      'topology.kubernetes.io/zone'
    ];
  const ready = (pod: any) =>
    pod.status.conditions.some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    );
  return { sink, workload, advance, pods, zoneOf, ready, now: () => now };
}

describe('Deployments someone else applied', () => {
  it('runs them: HPA to its minimum, pods over three zones, ready after their probes, statuses of HPA, PDB and Ingress', async () => {
    const { sink, advance, pods, zoneOf, ready } = setup();
    for (const o of [chartDeployment('ecr/basket-api:1'), hpa, pdb, ingress])
      sink.put(o);
    await advance(1000);
    // The HPA raised the defaulted single replica to its minimum at once.
    expect(sink.get('apps/v1', 'Deployment', NS, NAME).spec.replicas).toBe(3);
    expect(pods()).toHaveLength(3);
    expect(new Set(pods().map(zoneOf))).toEqual(new Set(ZONES));
    expect(
      pods().every(p => p.spec.containers[0].image === 'ecr/basket-api:1'),
    ).toBe(true);
    // As the API server computes it (requests equal limits).
    expect(pods()[0].status.qosClass).toBe('Guaranteed');
    // 3 s to start, + one startup period (2 s), + a second readiness pass (5 s).
    await advance(8000);
    expect(pods().some(ready)).toBe(false);
    await advance(3000);
    expect(pods().every(ready)).toBe(true);

    const deployment = sink.get('apps/v1', 'Deployment', NS, NAME);
    expect(deployment.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(
      deployment.metadata.annotations['deployment.kubernetes.io/revision'],
    ).toBe('1');
    const [rs] = sink.list('apps/v1', 'ReplicaSet', NS);
    expect(rs.metadata.ownerReferences[0]).toMatchObject({
      kind: 'Deployment',
      name: NAME,
    });
    expect(pods()[0].metadata.ownerReferences[0].name).toBe(rs.metadata.name);
    expect(
      sink.get('autoscaling/v2', 'HorizontalPodAutoscaler', NS, NAME).status,
    ).toMatchObject({
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
    });
    // A new service's modest load keeps it well under its CPU target.
    expect(
      sink.get('autoscaling/v2', 'HorizontalPodAutoscaler', NS, NAME).status
        .currentMetrics[0].resource.current.averageUtilization,
    ).toBeLessThan(70);
    expect(
      sink.get('policy/v1', 'PodDisruptionBudget', NS, NAME).status,
    ).toMatchObject({
      expectedPods: 3,
      desiredHealthy: 2,
      currentHealthy: 3,
      disruptionsAllowed: 1,
    });
    expect(
      sink.get('networking.k8s.io/v1', 'Ingress', NS, NAME).status.loadBalancer
        .ingress[0].hostname,
    ).toMatch(/^internal-k8s-.*\.eu-west-1\.elb\.amazonaws\.com$/);
  });

  it('rolls out a new image with the template’s strategy: surge one, never fewer ready than replicas', async () => {
    const { sink, advance, pods, zoneOf, ready } = setup();
    for (const o of [chartDeployment('ecr/basket-api:1'), hpa, pdb])
      sink.put(o);
    await advance(15_000);
    expect(pods().filter(ready)).toHaveLength(3);
    sink.put({
      ...chartDeployment('ecr/basket-api:2'),
      spec: { ...chartDeployment('ecr/basket-api:2').spec, replicas: 3 },
    });
    let minReady = 3;
    let maxPods = 0;
    for (let i = 0; i < 60; i++) {
      await advance(1000);
      minReady = Math.min(minReady, pods().filter(ready).length);
      maxPods = Math.max(maxPods, pods().length);
    }
    expect(minReady).toBe(3); // maxUnavailable 0
    expect(maxPods).toBe(4); // maxSurge 25 % of 3, rounded up
    expect(pods().map(p => p.spec.containers[0].image)).toEqual(
      Array(3).fill('ecr/basket-api:2'),
    );
    expect(new Set(pods().map(zoneOf))).toEqual(new Set(ZONES));
    const deployment = sink.get('apps/v1', 'Deployment', NS, NAME);
    expect(deployment.status).toMatchObject({
      observedGeneration: 2,
      updatedReplicas: 3,
      replicas: 3,
    });
    expect(
      deployment.metadata.annotations['deployment.kubernetes.io/revision'],
    ).toBe('2');
    const replicaSets = sink.list('apps/v1', 'ReplicaSet', NS);
    expect(replicaSets.map(r => r.spec.replicas).sort()).toEqual([0, 3]);
  });

  it('follows the replicas of a Deployment without an HPA, and removes its pods when it is deleted', async () => {
    const { sink, advance, pods } = setup();
    const fixed = chartDeployment('ecr/basket-api:1', { replicas: 2 });
    sink.put(fixed);
    await advance(2000);
    expect(pods()).toHaveLength(2);
    // Not the HPA's: the simulator never writes its replicas.
    expect(sink.get('apps/v1', 'Deployment', NS, NAME).spec.replicas).toBe(2);
    sink.put({ ...fixed, spec: { ...fixed.spec, replicas: 4 } });
    await advance(2000);
    expect(pods()).toHaveLength(4);
    sink.delete('apps/v1', 'Deployment', NS, NAME);
    await advance(1000);
    expect(pods()).toHaveLength(0);
    expect(sink.list('apps/v1', 'ReplicaSet', NS)).toHaveLength(0);
  });

  it('keeps required anti-affinity: no two pods on one node, nodes provisioned when needed', async () => {
    const { sink, advance, pods } = setup();
    const strict = chartDeployment('ecr/basket-api:1', { replicas: 12 });
    strict.spec.template.spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: selector },
          },
        ],
      },
    };
    sink.put(strict);
    await advance(1000);
    const nodes = pods().map(p => p.spec.nodeName);
    expect(pods()).toHaveLength(12);
    expect(new Set(nodes).size).toBe(12);
  });
});
