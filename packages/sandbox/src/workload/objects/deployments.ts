/** Deployments and their ReplicaSets. */
import type { ClusterSimulation } from '../cluster-sim';
import { deploymentName } from '../deploymentName';
import { KubeObject, SimDeployment } from '../types';
import {
  kubeTime,
  meta,
  ownerRef,
  selectorLabels,
  serviceLabels,
  uid,
} from './meta';
import { podTemplate, replicaSetName } from './pods';

/**
 * The Deployment controller's status: counters from the pods, Available
 * while at most `maxUnavailable` replicas are missing, Progressing with
 * the reason the controller gives while a new ReplicaSet rolls out and
 * once it has.
 */
export function deploymentStatus(
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
  observedGeneration: number,
) {
  const ready = sim.readyCount(d, now);
  const updated = d.pods.filter(p => p.revision === d.revision).length;
  const complete = !d.rollout;
  const { unavailable } = sim.strategy(d);
  const hash = sim.template(d, d.revision).hash;
  return {
    observedGeneration,
    replicas: d.pods.length,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(d.replicas - ready > 0
      ? { unavailableReplicas: d.replicas - ready }
      : {}),
    conditions: [
      ready >= d.replicas - unavailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
            lastUpdateTime: kubeTime(d.createdAt),
            lastTransitionTime: kubeTime(d.createdAt),
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
            lastUpdateTime: kubeTime(now),
            lastTransitionTime: kubeTime(now),
          },
      complete
        ? {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${replicaSetName(
              d,
              hash,
            )}" has successfully progressed.`,
            lastUpdateTime: kubeTime(d.createdAt),
            lastTransitionTime: kubeTime(d.createdAt),
          }
        : {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${replicaSetName(d, hash)}" is progressing.`,
            lastUpdateTime: kubeTime(d.rollout!.startedAt),
            lastTransitionTime: kubeTime(d.createdAt),
          },
    ],
  };
}

/** The whole Deployment of a fleet service. */
export function deploymentObject(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
): KubeObject {
  const { service } = d;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...meta(cluster, 'Deployment', service, service.name, d.createdAt),
      generation: d.generation,
      annotations: { 'deployment.kubernetes.io/revision': String(d.revision) },
    },
    spec: {
      replicas: d.replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: selectorLabels(service) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
      },
      template: podTemplate(service, d.revision),
    },
    status: deploymentStatus(sim, d, now, d.generation),
  };
}

/**
 * What the controllers write on a Deployment someone else applied: its
 * status, and the controller-owned fields — the revision annotation and,
 * when an HPA drives it, `spec.replicas`.
 */
export function adoptedDeploymentWrites(
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
): Array<{ object: KubeObject; mode: 'status' | 'controller' }> {
  const live = d.live!;
  const metadata = { name: live.name, namespace: d.service.namespace };
  if (live.hpa) live.writtenReplicas = d.replicas;
  return [
    {
      mode: 'status',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        status: deploymentStatus(sim, d, now, live.generation),
      },
    },
    {
      mode: 'controller',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          ...metadata,
          annotations: {
            'deployment.kubernetes.io/revision': String(d.revision),
          },
        },
        ...(live.hpa ? { spec: { replicas: d.replicas } } : {}),
      },
    },
  ];
}

export function replicaSetObjects(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
): KubeObject[] {
  const { service } = d;
  const name = deploymentName(d);
  const selector = d.live?.selector ?? selectorLabels(service);
  const ownerUid =
    d.live?.uid ?? uid(`${cluster}/Deployment/${service.namespace}/${name}`);
  return d.revisions.map(revision => {
    const { hash, template } = sim.template(d, revision);
    const pods = d.pods.filter(p => p.revision === revision);
    const ready = pods.filter(p => sim.isReady(p, now)).length;
    const desired =
      revision === d.revision
        ? Math.max(
            pods.length,
            d.replicas - d.pods.filter(p => p.revision !== revision).length,
          )
        : pods.length;
    const rsName = replicaSetName(d, hash);
    const labels = {
      ...(d.origin === 'fleet'
        ? serviceLabels(service)
        : template.metadata?.labels ?? {}),
      'pod-template-hash': hash,
    };
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        ...meta(
          cluster,
          'ReplicaSet',
          service,
          rsName,
          d.createdAt + revision * 1000,
        ),
        labels,
        annotations: {
          'deployment.kubernetes.io/revision': String(revision),
          'deployment.kubernetes.io/desired-replicas': String(d.replicas),
          'deployment.kubernetes.io/max-replicas': String(d.replicas),
        },
        ownerReferences: [ownerRef('apps/v1', 'Deployment', name, ownerUid)],
      },
      spec: {
        replicas: desired,
        selector: {
          matchLabels: { ...selector, 'pod-template-hash': hash },
        },
        template: {
          ...template,
          metadata: { ...template.metadata, labels },
        },
      },
      status: {
        replicas: pods.length,
        fullyLabeledReplicas: pods.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: 1,
      },
    };
  });
}
