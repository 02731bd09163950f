import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ClusterState,
  KubernetesApiServer,
  startKubernetesApiServer,
} from '@internal/eks-platform-sandbox';
import { checkoutObjects, pod } from '../../__testUtils__/kubeFixtures';
import { createAuthStrategy, readClusters } from './clusters';
import { KubernetesSource } from './KubernetesSource';

const logger = mockServices.logger.mock();

function sourceFor(
  servers: KubernetesApiServer[],
  token = 'sandbox-kube-token',
) {
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: servers.map(s => ({
            name: s.name,
            url: s.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: token,
          })),
        },
      ],
    },
  });
  return new KubernetesSource(
    readClusters(config, logger),
    createAuthStrategy(config),
    logger,
    1000,
  );
}

const CHECKOUT = {
  labelSelector: 'backstage.io/kubernetes-id=checkout',
  id: 'checkout',
};
const lists = (s: KubernetesApiServer) =>
  Array.from(s.requestCounts.entries())
    .filter(([k]) => k.startsWith('GET '))
    .reduce((n, [, v]) => n + v, 0);

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 4000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('KubernetesSource against the sandbox Kubernetes API', () => {
  const servers: KubernetesApiServer[] = [];
  let source: KubernetesSource | undefined;
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await Promise.all(servers.splice(0).map(s => s.close()));
  });

  async function cluster(
    name: string,
    options: { watchHistory?: number; watchTimeoutSeconds?: number } = {},
  ) {
    const state = new ClusterState();
    for (const o of checkoutObjects()) state.apply(o);
    const server = await startKubernetesApiServer({ name, state, ...options });
    servers.push(server);
    return server;
  }

  it('serves workloads, HPA, PDB and placement facts from watch caches', async () => {
    const dev = await cluster('dev');
    source = sourceFor([dev]);
    source.start();
    const result = await source.forEntity(CHECKOUT, Date.now() + 3000, 'full');
    expect(result.state).toBe('ok');
    const [c] = result.data!.clusters;
    expect(c.cluster).toBe('dev');
    expect(c.deployments).toEqual([
      expect.objectContaining({
        name: 'checkout',
        namespace: 'shop',
        revision: '2',
        images: ['registry/checkout:1.2.3'],
      }),
    ]);
    expect(c.pods.map(p => [p.name, p.node, p.zone])).toEqual([
      ['checkout-abc-1', 'node-a', 'eu-west-1a'],
      ['checkout-abc-2', 'node-a', 'eu-west-1a'],
      ['checkout-abc-3', 'node-b', 'eu-west-1b'],
    ]);
    expect(c.hpas[0]).toMatchObject({
      name: 'checkout',
      pinnedAtMax: true,
      pinnedAtMaxSince: '2026-11-22T00:31:00Z',
      maxReplicas: 3,
    });
    expect(c.hpas[0].metrics[0]).toEqual({
      name: 'cpu',
      targetType: 'Utilization',
      target: 70,
      current: 140,
    });
    expect(c.pdbs).toEqual([
      expect.objectContaining({
        name: 'checkout',
        blocksDrains: true,
        disruptionsAllowed: 0,
      }),
    ]);
    expect(c.placement).toMatchObject({
      podsPerZone: { 'eu-west-1a': 2, 'eu-west-1b': 1 },
      podsPerNode: { 'node-a': 2, 'node-b': 1 },
      spreadHolds: false,
    });
    expect(c.placement.problems[0]).toBe('2 of 3 ready pods on node node-a');
  });

  it('answers page views without calling the cluster and follows changes through the watch', async () => {
    const dev = await cluster('dev');
    source = sourceFor([dev]);
    source.start();
    await source.forEntity(CHECKOUT, Date.now() + 3000, 'full');
    // Let the watches connect, then count.
    await new Promise(r => setTimeout(r, 200));
    const before = lists(dev);
    for (let i = 0; i < 20; i++)
      await source.forEntity(CHECKOUT, Date.now() + 1000, 'full');
    expect(lists(dev)).toBe(before);

    dev.state.apply(pod('checkout', 'shop', 'checkout-abc-4', 'node-c'));
    const after = await eventually(
      () => source!.forEntity(CHECKOUT, Date.now() + 1000, 'full'),
      r => r.data!.clusters[0].pods.length === 4,
    );
    expect(after.data!.clusters[0].placement.podsPerZone['eu-west-1c']).toBe(1);
    expect(lists(dev)).toBe(before);
  });

  it('re-lists after 410 Gone on a watch resume', async () => {
    // Watches end after 1 s, so the informers resume from their version.
    const dev = await cluster('dev', { watchTimeoutSeconds: 1 });
    source = sourceFor([dev]);
    source.start();
    await source.forEntity(CHECKOUT, Date.now() + 3000, 'full');
    await new Promise(r => setTimeout(r, 200));
    const podLists = () => dev.requestCounts.get('GET /api/v1/pods') ?? 0;
    const before = podLists();
    dev.state.apply(pod('checkout', 'shop', 'checkout-abc-9', 'node-c'));
    // A later change of another kind, then a compaction: the pods watch's
    // version is now older than anything the server can resume from.
    dev.state.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'later' },
    });
    dev.state.compact();
    dev.state.remove('v1', 'Pod', 'shop', 'checkout-abc-1');
    dev.state.compact();
    await eventually(
      async () => podLists(),
      n => n > before,
      5000,
    );
    expect(podLists()).toBe(before + 1);
    const result = await eventually(
      () => source!.forEntity(CHECKOUT, Date.now() + 1000, 'full'),
      r => r.data!.clusters[0]?.pods.length === 3,
    );
    expect(result.state).toBe('ok');
    expect(result.data!.clusters[0].pods.map(p => p.name)).toEqual([
      'checkout-abc-2',
      'checkout-abc-3',
      'checkout-abc-9',
    ]);
  }, 10000);

  it('recovers from an API server restart and converges on the current state', async () => {
    const dev = await cluster('dev', { watchHistory: 2 });
    source = sourceFor([dev]);
    source.start();
    await source.forEntity(CHECKOUT, Date.now() + 3000, 'full');
    await new Promise(r => setTimeout(r, 200));
    // Drop every watch, change more than the history keeps, come back: the
    // informers resume from a version the server has forgotten (410).
    await dev.stop();
    for (let i = 5; i < 10; i++)
      dev.state.apply(pod('checkout', 'shop', `checkout-abc-${i}`, 'node-c'));
    dev.state.remove('v1', 'Pod', 'shop', 'checkout-abc-1');
    const podListsBefore = dev.requestCounts.get('GET /api/v1/pods') ?? 0;
    await dev.start();
    const result = await eventually(
      () => source!.forEntity(CHECKOUT, Date.now() + 1000, 'full'),
      r => r.state === 'ok' && r.data!.clusters[0]?.pods.length === 7,
      8000,
    );
    expect(result.data!.clusters[0].pods.map(p => p.name)).not.toContain(
      'checkout-abc-1',
    );
    expect(result.data!.clusters[0].pods).toHaveLength(7);
    expect(dev.requestCounts.get('GET /api/v1/pods') ?? 0).toBeGreaterThan(
      podListsBefore,
    );
  }, 15000);

  it('answers within the deadline when one cluster hangs and another fails with 500', async () => {
    const good = await cluster('prod');
    const hanging = await cluster('stage');
    const failing = await cluster('dev');
    hanging.setHang(true);
    failing.setFailureRate(1);
    source = sourceFor([good, hanging, failing]);
    source.start();
    const started = Date.now();
    const result = await source.forEntity(
      CHECKOUT,
      Date.now() + 800,
      'summary',
    );
    expect(Date.now() - started).toBeLessThan(1200);
    expect(result.state).toBe('stale');
    const byName = Object.fromEntries(
      result.data!.clusters.map(c => [c.cluster, c]),
    );
    expect(byName.prod.state).toBe('ok');
    expect(byName.prod.deployments).toHaveLength(1);
    expect(byName.prod.pods).toEqual([]); // summary view
    expect(byName.stage.state).toBe('error');
    expect(byName.dev.state).toBe('error');
    const failed = await eventually(
      () => source!.forEntity(CHECKOUT, Date.now() + 500, 'summary'),
      r =>
        /HTTP 500/.test(
          r.data!.clusters.find(c => c.cluster === 'dev')?.error?.message ?? '',
        ),
    );
    expect(
      failed.data!.clusters.find(c => c.cluster === 'dev')!.error,
    ).toMatchObject({
      upstream: 'kubernetes/dev',
      message: expect.stringContaining('HTTP 500'),
    });
    // No error message carries a URL.
    expect(JSON.stringify(failed)).not.toMatch(/127\.0\.0\.1|http:\/\//);
  }, 10000);

  it('keeps the last good data as stale when a synced cluster starts failing', async () => {
    const dev = await cluster('dev');
    source = sourceFor([dev]);
    source.start();
    expect(
      (await source.forEntity(CHECKOUT, Date.now() + 3000, 'full')).state,
    ).toBe('ok');
    dev.setFailureRate(1);
    await dev.stop();
    await dev.start();
    const result = await eventually(
      () => source!.forEntity(CHECKOUT, Date.now() + 500, 'full'),
      r => r.state !== 'ok',
      5000,
    );
    expect(result.state).toBe('stale');
    expect(result.data!.clusters[0]).toMatchObject({
      state: 'stale',
      error: { upstream: 'kubernetes/dev', since: expect.any(String) },
    });
    expect(result.data!.clusters[0].deployments).toHaveLength(1);
  }, 10000);

  it('notices a synced cluster that starts hanging instead of serving a frozen cache as fresh', async () => {
    const dev = await cluster('dev');
    source = sourceFor([dev]);
    source.start();
    expect(
      (await source.forEntity(CHECKOUT, Date.now() + 3000, 'full')).state,
    ).toBe('ok');
    await dev.stop();
    dev.setHang(true);
    await dev.start();
    const result = await eventually(
      () => source!.forEntity(CHECKOUT, Date.now() + 500, 'full'),
      r => /no answer within/.test(r.error?.message ?? ''),
      6000,
    );
    expect(result.state).toBe('stale');
    expect(result.error!.message).toMatch(/no answer within 1000 ms/);
    expect(result.data!.clusters[0].deployments).toHaveLength(1);
    dev.setHang(false);
  }, 10000);

  it('reports a cluster whose token is refused, without echoing the token', async () => {
    const dev = await cluster('dev');
    source = sourceFor([dev], 'wrong-secret-token');
    source.start();
    const result = await source.forEntity(CHECKOUT, Date.now() + 1500, 'full');
    expect(result.state).toBe('error');
    expect(result.data!.clusters[0].error!.message).toMatch(/401.*credentials/);
    expect(JSON.stringify(result)).not.toContain('wrong-secret-token');
  });
});
