/**
 * What the simulator writes for a Deployment someone else applied: the
 * ReplicaSets and Pods it creates (whole objects), and the status of the
 * Deployment, its HPA, its PDB and its ALB Ingresses (status only), as
 * the Deployment, ReplicaSet, HPA and disruption controllers, the
 * kubelets and the AWS Load Balancer Controller would.
 */
import { hexId } from '../../fleet';
import type { ClusterSimulation } from '../cluster-sim';
import { KubeObject, SimDeployment, WriteMode } from '../types';
import { adoptedDeploymentWrites, replicaSetObjects } from './deployments';
import { podObject } from './pods';
import { hpaStatus, pdbStatus } from './services';

export interface Write {
  object: KubeObject;
  mode: WriteMode;
}

const REGION = 'eu-west-1';

function albHostname(namespace: string, name: string, internal: boolean) {
  const id = hexId(`${namespace}/${name}`, 10);
  const digits = parseInt(hexId(`${namespace}/${name}/lb`, 8), 16) % 1e9;
  return `${internal ? 'internal-' : ''}k8s-${namespace.slice(
    0,
    8,
  )}-${name.slice(0, 8)}-${id}-${digits}.${REGION}.elb.amazonaws.com`;
}

export function adoptedWrites(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  now: number,
): Write[] {
  const live = d.live!;
  const namespace = d.service.namespace;
  const writes: Write[] = [
    ...adoptedDeploymentWrites(sim, d, now),
    ...replicaSetObjects(cluster, sim, d, now).map(object => ({
      object,
      mode: 'object' as const,
    })),
    ...d.pods.map(pod => ({
      object: podObject(cluster, sim, d, pod, now),
      mode: 'object' as const,
    })),
  ];
  if (live.hpa) {
    writes.push({
      mode: 'status',
      object: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: live.hpa.name, namespace },
        status: hpaStatus(d, live.hpa.metrics),
      },
    });
  }
  if (live.pdb) {
    writes.push({
      mode: 'status',
      object: {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: live.pdb.name, namespace },
        status: pdbStatus(sim, d, now, live.pdb, live.pdb.generation),
      },
    });
  }
  for (const ingress of live.ingresses) {
    writes.push({
      mode: 'status',
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: ingress.name, namespace },
        status: {
          loadBalancer: {
            ingress: [
              {
                hostname: albHostname(
                  namespace,
                  ingress.name,
                  ingress.internal,
                ),
              },
            ],
          },
        },
      },
    });
  }
  return writes;
}
