import { KubeClient } from '../kubernetes/kubeClient';

/*
 * Is a service running in a cluster, as the portal would see it (read with
 * the portal's read-only token through the cluster's URL): its Deployment
 * rolled out completely, its HPA and PDB present, every replica ready, and
 * the ready pods spread over three zones — at a given image tag when one
 * is asked for.
 */

export interface ClusterAccess {
  name: string;
  url: string;
  caPem: string;
  token: string;
}

export interface ServiceInCluster {
  cluster: string;
  deployment?: {
    name: string;
    replicas: number;
    updated: number;
    available: number;
    images: string[];
    labels: Record<string, string>;
    generationObserved: boolean;
  };
  hpa?: { minReplicas: number; maxReplicas: number; desiredReplicas?: number };
  pdb?: {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    disruptionsAllowed?: number;
  };
  readyPods: number;
  zones: string[];
  running: boolean;
  /** Why it is not running yet. */
  waitingFor?: string;
}

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

export async function serviceInCluster(
  access: ClusterAccess,
  namespace: string,
  service: string,
  imageTag?: string,
): Promise<ServiceInCluster> {
  const client = new KubeClient({
    url: access.url,
    token: access.token,
    ca: access.caPem,
  });
  try {
    const query = { labelSelector: `${KUBERNETES_ID}=${service}` };
    const [deployments, hpas, pdbs, pods, nodes] = await Promise.all([
      client.list('apps/v1', 'Deployment', namespace, query),
      client.list(
        'autoscaling/v2',
        'HorizontalPodAutoscaler',
        namespace,
        query,
      ),
      client.list('policy/v1', 'PodDisruptionBudget', namespace, query),
      client.list('v1', 'Pod', namespace, query),
      client.list('v1', 'Node'),
    ]);
    const zoneOf = new Map(
      nodes.items.map(n => [
        n.metadata.name,
        n.metadata.labels?.['topology.kubernetes.io/zone'],
      ]),
    );
    const d = deployments.items[0];
    const h = hpas.items[0];
    const p = pdbs.items[0];
    const ready = pods.items.filter(pod =>
      (pod.status?.conditions ?? []).some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      ),
    );
    const zones = [
      ...new Set(
        ready
          .map(pod => zoneOf.get(pod.spec?.nodeName))
          .filter(Boolean) as string[],
      ),
    ].sort();
    const result: ServiceInCluster = {
      cluster: access.name,
      deployment: d && {
        name: d.metadata.name,
        replicas: d.spec?.replicas ?? 1,
        updated: d.status?.updatedReplicas ?? 0,
        available: d.status?.availableReplicas ?? 0,
        images: (d.spec?.template?.spec?.containers ?? []).map(
          (c: any) => c.image,
        ),
        labels: d.metadata.labels ?? {},
        generationObserved:
          (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0),
      },
      hpa: h && {
        minReplicas: h.spec?.minReplicas,
        maxReplicas: h.spec?.maxReplicas,
        desiredReplicas: h.status?.desiredReplicas,
      },
      pdb: p && {
        minAvailable: p.spec?.minAvailable,
        maxUnavailable: p.spec?.maxUnavailable,
        disruptionsAllowed: p.status?.disruptionsAllowed,
      },
      readyPods: ready.length,
      zones,
      running: false,
    };
    const dep = result.deployment;
    let waitingFor: string | undefined;
    if (!dep) waitingFor = 'a Deployment';
    else if (imageTag && !dep.images.every(i => i.endsWith(`:${imageTag}`)))
      waitingFor = `image ${imageTag} (runs ${dep.images.join(', ')})`;
    else if (
      !dep.generationObserved ||
      dep.updated < dep.replicas ||
      dep.available < dep.replicas
    )
      waitingFor = `the rollout (${dep.available}/${dep.replicas} available, ${dep.updated} updated)`;
    else if (
      pods.items.length !== dep.replicas ||
      ready.length !== dep.replicas
    )
      waitingFor = `${dep.replicas} ready pods (${ready.length} of ${pods.items.length})`;
    else if (!result.hpa) waitingFor = 'an HPA';
    else if (!result.pdb) waitingFor = 'a PDB';
    else if (zones.length < 3)
      waitingFor = `pods in three zones (${zones.join(', ')})`;
    result.running = waitingFor === undefined;
    result.waitingFor = waitingFor;
    return result;
  } finally {
    client.close();
  }
}

/** Polls every cluster until the service runs in all of them; throws with what is missing. */
export async function waitUntilRunning(
  clusters: ClusterAccess[],
  namespace: string,
  service: string,
  options: { imageTag?: string; timeoutMs?: number; pollMs?: number } = {},
): Promise<ServiceInCluster[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const states = await Promise.all(
      clusters.map(c =>
        serviceInCluster(c, namespace, service, options.imageTag).catch(
          error =>
            ({
              cluster: c.name,
              readyPods: 0,
              zones: [],
              running: false,
              waitingFor: `the cluster (${(error as Error).message})`,
            } as ServiceInCluster),
        ),
      ),
    );
    if (states.every(s => s.running)) return states;
    if (Date.now() > deadline) {
      throw new Error(
        `${service} is not running in every cluster: ${states
          .filter(s => !s.running)
          .map(s => `${s.cluster} waits for ${s.waitingFor}`)
          .join('; ')}`,
      );
    }
    await new Promise(r => setTimeout(r, options.pollMs ?? 1000));
  }
}
