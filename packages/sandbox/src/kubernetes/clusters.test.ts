import fs from 'node:fs';
import https from 'node:https';
import { KubeConfig, CoreV1Api } from '@kubernetes/client-node';
import {
  ensureCaDataFile,
  KubernetesClusters,
  startKubernetesClusters,
} from './clusters';
import { KubeClient } from './kubeClient';

/*
 * Two sandbox clusters: real kube-apiservers sharing one etcd, reached the
 * way EKS clients reach a cluster (TLS with the cluster's CA, bearer token).
 */
jest.setTimeout(60_000);

let kube: KubernetesClusters;
const readers: KubeClient[] = [];
beforeAll(async () => {
  kube = await startKubernetesClusters({
    clusters: [{ name: 'dev' }, { name: 'prod' }],
    compactionIntervalSeconds: 0,
    // ConfigMaps straight from etcd: a compaction expires their history at once
    // (the watch cache would keep serving it until its own window moves on).
    uncachedResources: ['configmaps'],
  });
}, 120_000);
afterAll(async () => {
  readers.forEach(r => r.close());
  await kube?.close();
});

function reader(name: string, token?: string) {
  const c = kube.clusters[name];
  const client = new KubeClient({
    url: c.url,
    token: token ?? c.token,
    ca: c.caPem,
  });
  readers.push(client);
  return client;
}

const namespace = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

describe('sandbox Kubernetes clusters', () => {
  it('serves TLS with the sandbox CA, and only to clients that trust it', async () => {
    const dev = kube.clusters.dev;
    expect(dev.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(dev.caData, 'base64').toString()).toBe(dev.caPem);
    const version = await reader('dev').request('GET', '/version');
    expect(version.gitVersion).toBe(dev.version);
    expect(dev.version).toMatch(/^v1\.\d+\.\d+$/);
    const untrusted = await new Promise<string>(resolve => {
      https
        .get(`${dev.url}/version`, res => resolve(`HTTP ${res.statusCode}`))
        .on('error', e => resolve((e as NodeJS.ErrnoException).code!));
    });
    expect(untrusted).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it("writes app-config.yaml's caData file of the CA the clusters serve with, without starting one", () => {
    const file = ensureCaDataFile();
    expect(file).toMatch(/\/\.cache\/sandbox\/kubernetes-ca-data\.txt$/);
    expect(fs.readFileSync(file, 'utf8')).toBe(kube.clusters.dev.caData);
    // Once per checkout: a second call keeps the same CA.
    expect(fs.readFileSync(ensureCaDataFile(), 'utf8')).toBe(
      kube.clusters.prod.caData,
    );
  });

  it('works with @kubernetes/client-node configured like Backstage does (caData + token)', async () => {
    const prod = kube.clusters.prod;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'prod', server: prod.url, caData: prod.caData }],
      users: [{ name: 'portal', token: prod.token }],
      contexts: [{ name: 'prod', cluster: 'prod', user: 'portal' }],
      currentContext: 'prod',
    });
    const pods = await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces();
    expect(pods.kind).toBe('PodList');
  });

  it("gives the portal's token read-only access to what it reads, and the workload's token its writes", async () => {
    const dev = kube.clusters.dev;
    const portal = reader('dev');
    expect((await portal.list('v1', 'Pod')).items).toEqual(expect.any(Array));
    expect(
      (await portal.list('policy/v1', 'PodDisruptionBudget')).items,
    ).toEqual(expect.any(Array));
    await expect(portal.list('v1', 'Secret')).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      portal.create(namespace('portal-writes')),
    ).rejects.toMatchObject({ status: 403, reason: 'Forbidden' });
    await dev.client.create(namespace('workload-writes'));
    await expect(dev.client.list('v1', 'Secret')).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      reader('dev', 'not-a-sandbox-token').list('v1', 'Pod'),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('keeps each cluster its own state in the shared etcd', async () => {
    await kube.clusters.dev.client.create(namespace('only-in-dev'));
    const names = async (cluster: string) =>
      (
        await kube.clusters[cluster].adminClient.list('v1', 'Namespace')
      ).items.map(n => n.metadata.name);
    expect(await names('dev')).toContain('only-in-dev');
    expect(await names('prod')).not.toContain('only-in-dev');
  });

  it('serves the monitoring CRDs of the pinned prometheus-operator', async () => {
    const prod = kube.clusters.prod;
    await prod.client.create(namespace('monitored'));
    const monitor = await prod.client.create({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'checkout', namespace: 'monitored' },
      spec: {
        selector: { matchLabels: { app: 'checkout' } },
        endpoints: [{ port: 'http', interval: '30s' }],
      },
    });
    expect(monitor.metadata.uid).toBeDefined();
    // The CRD's schema is enforced: an interval that is not a duration fails.
    await expect(
      prod.client.create({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'bad', namespace: 'monitored' },
        spec: {
          selector: {},
          endpoints: [{ port: 'http', interval: 'often' }],
        },
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('expires old resourceVersions once etcd is compacted (410 Gone)', async () => {
    const dev = kube.clusters.dev.adminClient;
    await dev.create(namespace('compacted'));
    const before = await dev.list('v1', 'ConfigMap', 'compacted', {
      limit: 1,
    });
    for (const name of ['a', 'b']) {
      await dev.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'compacted' },
        data: { k: name },
      });
    }
    const page = await dev.list('v1', 'ConfigMap', 'compacted', {
      limit: 1,
    });
    expect(page.metadata).toHaveProperty('continue');
    await dev.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'later', namespace: 'compacted' },
    });
    expect(await kube.etcd.compact()).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );
    // A continue token from before the compaction points at history that is gone.
    await expect(
      dev.list('v1', 'ConfigMap', 'compacted', {
        limit: 1,
        continue: (page.metadata as any).continue,
      }),
    ).rejects.toMatchObject({ status: 410, reason: 'Expired' });
  });

  it('answers kubelet paths itself: there are no kubelets, and no request leaves loopback', async () => {
    await expect(
      reader('dev').request(
        'GET',
        '/api/v1/namespaces/default/pods/some-pod/log',
      ),
    ).rejects.toMatchObject({ status: 503, reason: 'ServiceUnavailable' });
  });
});
