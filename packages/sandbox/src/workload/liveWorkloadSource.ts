import { Informer } from '../kubernetes/informer';
import type { KubeClient } from '../kubernetes/kubeClient';
import { KUBERNETES_ID_LABEL } from './adoption';
import { WRITTEN_BY_LABEL } from './objects/meta';
import type { LiveWorkloadSource, LiveWorkloads } from './types';

/*
 * The simulator's watch of a cluster, as controllers keep one: informers
 * on the Deployments, HPAs, PDBs and Ingresses that carry the platform's
 * label (`backstage.io/kubernetes-id`) and were not written by the
 * simulator itself, i.e. what Argo CD (or anyone) applied. Each tick
 * reads the informers' memory; no request is made per tick.
 */

const SELECTOR = `${KUBERNETES_ID_LABEL},!${WRITTEN_BY_LABEL}`;

export interface WatchedWorkloads extends LiveWorkloadSource {
  /** Resolves once every informer has its first LIST. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function watchLiveWorkloads(
  client: KubeClient,
  log?: (message: string) => void,
): WatchedWorkloads {
  const informer = (apiVersion: string, kind: string) =>
    new Informer(client, { apiVersion, kind, labelSelector: SELECTOR, log });
  const informers = {
    deployments: informer('apps/v1', 'Deployment'),
    hpas: informer('autoscaling/v2', 'HorizontalPodAutoscaler'),
    pdbs: informer('policy/v1', 'PodDisruptionBudget'),
    ingresses: informer('networking.k8s.io/v1', 'Ingress'),
  };
  return {
    snapshot: (): LiveWorkloads => ({
      deployments: informers.deployments.items(),
      hpas: informers.hpas.items(),
      pdbs: informers.pdbs.items(),
      ingresses: informers.ingresses.items(),
    }),
    start: async () => {
      await Promise.all(Object.values(informers).map(i => i.start()));
    },
    stop: async () => {
      await Promise.all(Object.values(informers).map(i => i.stop()));
    },
  };
}
