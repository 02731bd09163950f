import { performance } from 'node:perf_hooks';
import type { KubeObject, Sandbox } from '@internal/eks-platform-sandbox';

const NAMESPACES_PER_CLUSTER = 10;

/** The objects of one synthetic service: its Deployment, ReplicaSet and Pods. */
function serviceObjects(
  name: string,
  namespace: string,
  node: string,
  objects: number,
): KubeObject[] {
  const labels = {
    'backstage.io/kubernetes-id': name,
    'app.kubernetes.io/name': name,
  };
  const template = {
    metadata: { labels },
    spec: { containers: [{ name: 'app', image: `${name}:1` }] },
  };
  const pods = Math.max(0, objects - 2);
  const out: KubeObject[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: { replicas: pods, selector: { matchLabels: labels }, template },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${name}-1`, namespace, labels },
      spec: { replicas: pods, selector: { matchLabels: labels }, template },
    },
  ];
  for (let i = 0; i < pods; i++) {
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-1-${i}`, namespace, labels },
      spec: { nodeName: node, containers: template.spec.containers },
    });
  }
  return out;
}

/**
 * Creates `services` synthetic services of `objectsPerService` objects each
 * in the sandbox's real API servers (straight to the servers, not through
 * the fault proxies; services spread over the clusters), `concurrency`
 * creations at a time, for at most `budgetSeconds`. No controller runs in the sandbox, so they stay
 * exactly as created.
 */
export async function createScaleObjects(
  sandbox: Sandbox,
  options: {
    services: number;
    objectsPerService: number;
    concurrency: number;
    /** Creation stops after this long; the result says how many were made. */
    budgetSeconds: number;
  },
): Promise<{ planned: number; created: number; seconds: number }> {
  const started = performance.now();
  const clusters = Object.values(sandbox.clusters);
  const work: Array<{ client: any; object: KubeObject }> = [];
  for (const [index, cluster] of clusters.entries()) {
    const client = cluster.adminClient;
    const node = (await client.list('v1', 'Node', undefined, { limit: 1 }))
      .items[0].metadata.name;
    for (let n = 0; n < NAMESPACES_PER_CLUSTER; n++) {
      await client
        .create({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: `bench-scale-${n}` },
        })
        .catch((error: any) => {
          if (error?.status !== 409) throw error;
        });
    }
    for (let s = index; s < options.services; s += clusters.length) {
      const name = `scale-${String(s + 1).padStart(5, '0')}`;
      for (const object of serviceObjects(
        name,
        `bench-scale-${s % NAMESPACES_PER_CLUSTER}`,
        node,
        options.objectsPerService,
      ))
        work.push({ client, object });
    }
  }
  let next = 0;
  let created = 0;
  const worker = async () => {
    while (
      next < work.length &&
      performance.now() - started < options.budgetSeconds * 1000
    ) {
      const { client, object } = work[next++];
      await client.create(object);
      created++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    planned: work.length,
    created,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
