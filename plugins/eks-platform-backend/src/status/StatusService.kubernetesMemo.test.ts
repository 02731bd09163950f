import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  KubernetesClusters,
  startKubernetesClusters,
} from '@internal/eks-platform-sandbox';
import { component } from '../__testUtils__/entities';
import { eventually } from '../__testUtils__/eventually';
import { checkoutObjects, pod, seed } from '../__testUtils__/kubeFixtures';
import { MemoryCache } from '../__testUtils__/memoryCache';
import { SnapshotStore } from '../cache/SnapshotStore';
import { readPlatformConfig } from '../config/readPlatformConfig';
import {
  createAuthStrategy,
  readClusters,
} from '../sources/kubernetes/clusters';
import { KubernetesSource } from '../sources/kubernetes/KubernetesSource';
import { StatusService } from './StatusService';

/*
 * The memo keyed by each entity's own Kubernetes objects, against a real
 * kube-apiserver (the sandbox's): in a fleet some service changes every few
 * seconds, and that must not make every other entity's status be assembled
 * again.
 */
jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
let kube: KubernetesClusters;
let source: KubernetesSource;
let status: StatusService;

beforeAll(async () => {
  kube = await startKubernetesClusters({
    clusters: [{ name: 'dev' }],
    crds: [],
  });
  const dev = kube.clusters.dev;
  await seed(dev.client, checkoutObjects());
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: dev.name,
              url: dev.url,
              caData: dev.caData,
              authProvider: 'serviceAccount',
              serviceAccountToken: dev.token,
            },
          ],
        },
      ],
    },
  });
  source = new KubernetesSource(
    readClusters(config, logger),
    createAuthStrategy(config),
    logger,
    { listTimeoutMs: 3000 },
  );
  source.start();
  status = new StatusService({
    config: readPlatformConfig(config),
    kubernetes: source,
    store: new SnapshotStore(new MemoryCache()),
    triggers: { alerts: () => {}, argocd: () => {}, traces: () => {} },
    logger,
  });
}, 120_000);

afterAll(async () => {
  await source?.stop();
  await kube?.close();
});

const service = (id: string, ns: string) =>
  component(id, {
    'backstage.io/kubernetes-id': id,
    'backstage.io/kubernetes-namespace': ns,
  });

const podCount = (s: Awaited<ReturnType<StatusService['statusOf']>>) =>
  s.sources.kubernetes.data?.clusters[0]?.deployments.length
    ? s.sources.kubernetes.data.clusters[0].placement.podsPerZone
    : {};

describe('StatusService memo keyed by the entity’s own Kubernetes objects', () => {
  it('reuses an entity’s status while another service’s pods change', async () => {
    // The first answer is remembered under the versions read before the
    // caches synced; the next one is remembered as of now.
    await eventually(
      () => status.statusOf(service('checkout', 'shop'), 'summary'),
      s => s.sources.kubernetes.state === 'ok',
    );
    const first = await status.statusOf(service('checkout', 'shop'), 'summary');
    expect(await status.statusOf(service('checkout', 'shop'), 'summary')).toBe(
      first,
    );
    const clustersBefore = source.signature();
    await seed(kube.clusters.dev.client, [
      pod('payments', 'pay', 'payments-x-2', 'node-b'),
    ]);
    // The payments pod arrived through the watch: the cluster changed.
    await eventually(
      async () => source.signature(),
      signature => signature !== clustersBefore,
    );
    const payments = await status.statusOf(
      service('payments', 'pay'),
      'summary',
    );
    expect(
      payments.sources.kubernetes.data!.clusters[0].deployments,
    ).toHaveLength(1);
    // Checkout's objects did not change: the very same answer, not assembled again.
    expect(await status.statusOf(service('checkout', 'shop'), 'summary')).toBe(
      first,
    );
  });

  it('assembles an entity’s status again once one of its own pods changed', async () => {
    const before = await status.statusOf(
      service('checkout', 'shop'),
      'summary',
    );
    expect(podCount(before)).toEqual({ 'eu-west-1a': 2, 'eu-west-1b': 1 });
    await seed(kube.clusters.dev.client, [
      pod('checkout', 'shop', 'checkout-abc-4', 'node-c'),
    ]);
    const after = await eventually(
      () => status.statusOf(service('checkout', 'shop'), 'summary'),
      s => podCount(s)['eu-west-1c'] === 1,
    );
    expect(after).not.toBe(before);
    expect(podCount(after)).toEqual({
      'eu-west-1a': 2,
      'eu-west-1b': 1,
      'eu-west-1c': 1,
    });
  });
});
