/** Deployments and their ReplicaSets. */
import { ClusterSimulation, podTemplateHash } from '../cluster-sim';
import { KubeObject, SimDeployment } from '../types';
import {
  kubeTime,
  meta,
  ownerRef,
  selectorLabels,
  serviceLabels,
  uid,
} from './meta';
import { podTemplate } from './pods';

export function deploymentObject(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
): KubeObject {
  const { service } = d;
  const ready = sim.readyCount(d, now);
  const updated = d.pods.filter(p => p.revision === d.revision).length;
  const complete = !d.rollout;
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
    status: {
      observedGeneration: d.generation,
      replicas: d.pods.length,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(d.replicas - ready > 0
        ? { unavailableReplicas: d.replicas - ready }
        : {}),
      conditions: [
        ready >= d.replicas - 1
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
              message: `ReplicaSet "${service.name}-${podTemplateHash(
                service.name,
                d.revision,
              )}" has successfully progressed.`,
              lastUpdateTime: kubeTime(d.createdAt),
              lastTransitionTime: kubeTime(d.createdAt),
            }
          : {
              type: 'Progressing',
              status: 'True',
              reason: 'ReplicaSetUpdated',
              message: `ReplicaSet is progressing.`,
              lastUpdateTime: kubeTime(d.rollout!.startedAt),
              lastTransitionTime: kubeTime(d.createdAt),
            },
      ],
    },
  };
}

export function replicaSetObjects(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
  templateHash: (rev: number) => string,
): KubeObject[] {
  const { service } = d;
  return d.revisions.map(revision => {
    const hash = templateHash(revision);
    const pods = d.pods.filter(p => p.revision === revision);
    const ready = pods.filter(p => sim.isReady(p, now)).length;
    const desired =
      revision === d.revision
        ? Math.max(
            pods.length,
            d.replicas - d.pods.filter(p => p.revision !== revision).length,
          )
        : pods.length;
    const name = `${service.name}-${hash}`;
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        ...meta(
          cluster,
          'ReplicaSet',
          service,
          name,
          d.createdAt + revision * 1000,
        ),
        labels: { ...serviceLabels(service), 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/revision': String(revision),
          'deployment.kubernetes.io/desired-replicas': String(d.replicas),
          'deployment.kubernetes.io/max-replicas': String(d.replicas),
        },
        ownerReferences: [
          ownerRef(
            'apps/v1',
            'Deployment',
            service.name,
            uid(`${cluster}/Deployment/${service.namespace}/${service.name}`),
          ),
        ],
      },
      spec: {
        replicas: desired,
        selector: {
          matchLabels: {
            ...selectorLabels(service),
            'pod-template-hash': hash,
          },
        },
        template: podTemplate(service, revision, hash),
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
