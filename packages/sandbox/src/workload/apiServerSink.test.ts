import path from 'node:path';
import { buildFleet } from '../fleet';
import { KubernetesClusters, startKubernetesClusters } from '../kubernetes';
import { ApiServerSink } from './apiServerSink';
import { WorkloadSimulator } from './simulator';
import { ZONES } from './scheduler';

/*
 * The workload simulator writing into a real kube-apiserver: what the
 * server accepts, what it owns (uids, generations), and what a reader sees.
 */
jest.setTimeout(120_000);

const catalogDir = path.join(
  __dirname,
  '..',
  'fleet',
  '__fixtures__',
  'catalog',
);
let kube: KubernetesClusters;
beforeAll(async () => {
  kube = await startKubernetesClusters({ clusters: [{ name: 'prod' }] });
}, 120_000);
afterAll(() => kube?.close());

describe('ApiServerSink', () => {
  it('writes the workload through the API: specs, status subresources, real owner uids and generations', async () => {
    const prod = kube.clusters.prod;
    let now = Date.parse('2026-11-20T10:00:00Z');
    const fleet = buildFleet({ catalogDir });
    const sink = new ApiServerSink(prod.client);
    const workload = new WorkloadSimulator({
      fleet,
      clusters: { prod: sink },
      clock: () => now,
      crashChance: 0,
      rolloutChance: 0,
      podStartupMs: 5000,
    });
    await workload.ready();
    const checkout = fleet.byName.get('checkout')!;
    const api = prod.adminClient;
    const ns = checkout.namespace;
    const selector = { labelSelector: 'backstage.io/kubernetes-id=checkout' };

    const deployment = await api.get('apps/v1', 'Deployment', ns, 'checkout');
    expect(deployment.status.observedGeneration).toBe(
      deployment.metadata.generation,
    );
    expect(deployment.status.readyReplicas).toBe(deployment.spec.replicas);
    const replicaSets = (await api.list('apps/v1', 'ReplicaSet', ns, selector))
      .items;
    expect(replicaSets).toHaveLength(1);
    expect(replicaSets[0].metadata.ownerReferences![0].uid).toBe(
      deployment.metadata.uid,
    );
    const pods = (await api.list('v1', 'Pod', ns, selector)).items;
    expect(pods).toHaveLength(deployment.spec.replicas);
    for (const pod of pods) {
      expect(pod.metadata.ownerReferences![0].uid).toBe(
        replicaSets[0].metadata.uid,
      );
      expect(pod.status.phase).toBe('Running');
      // Admission ran: the service account's token volume was mounted.
      expect(pod.spec.serviceAccountName).toBe('checkout');
      expect(
        pod.spec.volumes.some((v: any) => v.name.startsWith('kube-api-access')),
      ).toBe(true);
    }
    const nodes = (await api.list('v1', 'Node')).items;
    expect(
      new Set(
        nodes.map(n => n.metadata.labels!['topology.kubernetes.io/zone']),
      ),
    ).toEqual(new Set(ZONES));
    expect(nodes[0].spec.taints ?? []).toEqual([]);
    const hpa = await api.get(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      ns,
      'checkout',
    );
    expect(hpa.status.conditions.map((c: any) => c.type)).toEqual([
      'AbleToScale',
      'ScalingActive',
      'ScalingLimited',
    ]);
    const service = await api.get('v1', 'Service', ns, 'checkout');
    expect(service.spec.clusterIP).toMatch(/^172\.20\./);

    // A rollout: new template → the server bumps the generation; old pods go.
    const sim = workload.cluster('prod');
    sim.startRollout(sim.deployments.get('checkout')!, now);
    for (let i = 0; i < 40; i++) {
      now += 2000;
      await workload.tick();
    }
    const rolled = await api.get('apps/v1', 'Deployment', ns, 'checkout');
    // The template changed (and the HPA may have rescaled meanwhile).
    expect(rolled.metadata.generation).toBeGreaterThan(
      deployment.metadata.generation!,
    );
    expect(rolled.status.observedGeneration).toBe(rolled.metadata.generation);
    expect(rolled.status.updatedReplicas).toBe(rolled.spec.replicas);
    const after = (await api.list('v1', 'Pod', ns, selector)).items;
    expect(after.map(p => p.metadata.name)).not.toEqual(
      expect.arrayContaining(pods.map(p => p.metadata.name)),
    );
    expect(
      new Set(after.map(p => p.metadata.labels!['pod-template-hash'])).size,
    ).toBe(1);
    expect(workload.tickHistory.every(t => t.errors === 0)).toBe(true);
  });

  it('only writes what changed, wins a conflict with another writer and recreates what was deleted', async () => {
    const prod = kube.clusters.prod;
    const sink = new ApiServerSink(prod.client);
    const cm = (value: string) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'sink-test',
        namespace: 'default',
        labels: { value },
      },
    });
    sink.apply(cm('1'));
    expect(await sink.flush()).toMatchObject({ writes: 1, errors: 0 });
    sink.apply(cm('1'));
    expect(await sink.flush()).toMatchObject({ writes: 0, requests: 0 });
    // Someone else changes the object: our stale resourceVersion conflicts.
    const current = await prod.adminClient.get(
      'v1',
      'ServiceAccount',
      'default',
      'sink-test',
    );
    await prod.adminClient.replace({
      ...current,
      metadata: { ...current.metadata, labels: { value: 'theirs' } },
    });
    sink.apply(cm('2'));
    expect(await sink.flush()).toMatchObject({ writes: 1, errors: 0 });
    const final = await prod.adminClient.get(
      'v1',
      'ServiceAccount',
      'default',
      'sink-test',
    );
    expect(final.metadata.labels).toEqual({ value: '2' });
    // Someone else deletes it: the next change creates it anew.
    await prod.adminClient.remove(cm('2'));
    sink.apply(cm('3'));
    expect(await sink.flush()).toMatchObject({ writes: 1, errors: 0 });
    expect(
      (
        await prod.adminClient.get(
          'v1',
          'ServiceAccount',
          'default',
          'sink-test',
        )
      ).metadata.labels,
    ).toEqual({ value: '3' });
    sink.remove(cm('3'));
    await sink.flush();
    await expect(
      prod.adminClient.get('v1', 'ServiceAccount', 'default', 'sink-test'),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('reports refused writes and retries them on the next flush', async () => {
    const prod = kube.clusters.prod;
    const messages: string[] = [];
    const sink = new ApiServerSink(prod.client, {
      log: m => messages.push(m),
    });
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'early', namespace: 'not-yet' },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
    };
    sink.apply(pod);
    expect(await sink.flush()).toMatchObject({ errors: 1 });
    expect(messages[0]).toMatch(/v1\/Pod\/not-yet\/early failed: .*404/);
    await prod.client.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'not-yet' },
    });
    await prod.client.create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: 'not-yet' },
    });
    expect(await sink.flush()).toMatchObject({ writes: 1, errors: 0 });
  });
});
