import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createImageScanReader } from '@internal/backstage-plugin-eks-platform-node';
import {
  EcrSimulator,
  ecrSimulatorAwsConfig,
  KubernetesClusters,
  startEcrSimulator,
  startKubernetesClusters,
} from '@internal/eks-platform-sandbox';
import { deployment, nodes, pod, seed } from '../../__testUtils__/kubeFixtures';
import { createAuthStrategy, readClusters } from '../kubernetes/clusters';
import { KubernetesSource } from '../kubernetes/KubernetesSource';
import { ImageScanSource } from './ImageScanSource';

/*
 * Running digests from the real kube-apiserver's pods, scans from the
 * sandbox ECR over the AWS SDK with signed requests.
 */
jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
const ORG = '123456789012';
const ecrHost = (account: string) =>
  `${account}.dkr.ecr.eu-west-1.amazonaws.com`;
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

let kube: KubernetesClusters;
let ecr: EcrSimulator;

beforeAll(async () => {
  [kube, ecr] = await Promise.all([
    startKubernetesClusters({ clusters: [{ name: 'dev' }], crds: [] }),
    startEcrSimulator(),
  ]);
  ecr.putImage('shop/orders', {
    imageDigest: digest(1),
    scan: {
      status: 'COMPLETE',
      findings: [
        { name: 'CVE-2024-3094', severity: 'CRITICAL' },
        { name: 'CVE-2026-0001', severity: 'HIGH' },
      ],
    },
  });
  ecr.putImage('shop/cart', {
    imageDigest: digest(2),
    scan: { status: 'COMPLETE', findings: [] },
  });
  ecr.putImage('shop/cart', {
    imageDigest: digest(5),
    scan: {
      status: 'COMPLETE',
      findings: [{ name: 'CVE-1', severity: 'LOW' }],
    },
  });
  const running = (name: string, imageID: string, n: number) => {
    const p = pod('shop', 'images', `${name}-${n}`, 'node-a');
    p.status.containerStatuses[0].imageID = imageID;
    return p;
  };
  await seed(kube.clusters.dev.client, [
    ...nodes(),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'images' } },
    deployment('shop', 'images'),
    running('orders', `${ecrHost(ORG)}/shop/orders@${digest(1)}`, 1),
    running('orders', `${ecrHost(ORG)}/shop/orders@${digest(1)}`, 2),
    running('cart', `${ecrHost(ORG)}/shop/cart@${digest(2)}`, 1),
    running('proxy', `docker.io/library/nginx@${digest(3)}`, 1),
    running(
      'vendor',
      `${ecrHost('999999999999')}/vendor/agent@${digest(4)}`,
      1,
    ),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([kube?.close(), ecr?.close()]);
});

describe('ImageScanSource', () => {
  let kubernetes: KubernetesSource;
  let images: ImageScanSource | undefined;
  beforeEach(() => {
    const c = kube.clusters.dev;
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: c.name,
                url: c.url,
                caData: c.caData,
                authProvider: 'serviceAccount',
                serviceAccountToken: c.token,
              },
            ],
          },
        ],
      },
    });
    kubernetes = new KubernetesSource(
      readClusters(config, logger),
      createAuthStrategy(config),
      logger,
    );
    kubernetes.start();
  });
  afterEach(async () => {
    await images?.stop();
    await kubernetes.stop();
    ecr.clearFailures();
  });

  const sourceWith = (limits = {}) =>
    new ImageScanSource({
      kubernetes,
      reader: createImageScanReader(
        new ConfigReader({
          aws: ecrSimulatorAwsConfig(ORG),
          eksPlatform: { ecr: { endpoint: ecr.url } },
        }),
        {
          policy: {
            timeoutMs: 2000,
            retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
          },
        },
      ),
      organisationAccounts: [ORG],
      logger,
      limits,
    });

  const statusOf = async () =>
    (
      await kubernetes.forEntity(
        {
          id: 'shop',
          owner: 'group:default/shop',
          scope: () => ({ namespaces: ['images'] }),
        },
        Date.now() + 5000,
      )
    ).data;

  it('reports digests not read yet as PENDING, then their ECR severity counts', async () => {
    images = sourceWith();
    const status = await statusOf();
    const first = images.scansFor(status);
    expect(first.map(s => [s.repository, s.scanStatus])).toEqual([
      ['library/nginx', 'NOT_ECR'],
      ['shop/cart', 'PENDING'],
      ['shop/orders', 'PENDING'],
      ['vendor/agent', 'PENDING'],
    ]);
    await images.poll();
    const scans = images.scansFor(status);
    const byRepo = Object.fromEntries(scans.map(s => [s.repository, s]));
    expect(byRepo['shop/orders']).toMatchObject({
      digest: digest(1),
      registry: ecrHost(ORG),
      inOrganisationRegistry: true,
      clusters: ['dev'],
      scanStatus: 'COMPLETE',
      counts: { CRITICAL: 1, HIGH: 1 },
    });
    expect(byRepo['shop/orders'].consoleUrl).toMatch(
      /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/ecr\/repositories\/private\/123456789012\/shop\/orders\//,
    );
    expect(byRepo['shop/cart']).toMatchObject({
      scanStatus: 'COMPLETE',
      counts: {},
    });
    // Another account's registry: not the organisation's, and no
    // credentials for it in aws.accounts, so ECR is never asked.
    expect(byRepo['vendor/agent']).toMatchObject({
      inOrganisationRegistry: false,
      scanStatus: 'ERROR',
    });
    expect(byRepo['library/nginx']).toMatchObject({
      registry: 'docker.io',
      inOrganisationRegistry: false,
      scanStatus: 'NOT_ECR',
    });
    // Two pods of one digest: one read.
    expect(ecr.operationCounts.get('DescribeImageScanFindings')).toBe(2);

    // Within the TTL views are answered from the cache, whichever status shape.
    const fromEntityStatus = images.scansFor({
      entityRef: 'component:default/shop',
      health: { level: 'healthy', reasons: [] },
      sources: {
        kubernetes: { state: 'ok', data: status },
        alerts: { state: 'not-configured' },
        traces: { state: 'not-configured' },
        argocd: { state: 'not-configured' },
      },
    });
    expect(fromEntityStatus).toEqual(scans);
    await images.poll();
    expect(ecr.operationCounts.get('DescribeImageScanFindings')).toBe(2);
  });

  it('keeps the last good counts when ECR starts failing, and says ERROR when it never answered', async () => {
    images = sourceWith({ ttlMs: 1, retryMs: 1 });
    const status = await statusOf();
    images.scansFor(status);
    await images.poll();
    ecr.setFailure({ operation: 'DescribeImageScanFindings', status: 500 });
    await new Promise(r => setTimeout(r, 5));
    await images.poll();
    const orders = images
      .scansFor(status)
      .find(s => s.repository === 'shop/orders')!;
    expect(orders).toMatchObject({
      scanStatus: 'COMPLETE',
      counts: { CRITICAL: 1, HIGH: 1 },
    });

    const fresh = sourceWith();
    fresh.scansFor(status);
    await fresh.poll();
    expect(
      fresh.scansFor(status).find(s => s.repository === 'shop/orders')!
        .scanStatus,
    ).toBe('ERROR');
    await fresh.stop();
  });

  it('reads at most readsPerPoll digests per poll', async () => {
    images = sourceWith({ readsPerPoll: 1 });
    const before = ecr.operationCounts.get('DescribeImageScanFindings') ?? 0;
    images.scansFor(await statusOf());
    await images.poll();
    expect(ecr.operationCounts.get('DescribeImageScanFindings')).toBe(
      before + 1,
    );
  });

  it('follows a rollout: a new digest is PENDING, the old one leaves the cache', async () => {
    images = sourceWith();
    images.scansFor(await statusOf());
    await images.poll();
    const cart = (await kube.clusters.dev.client.mergePatch(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'cart-1', namespace: 'images' },
      },
      {
        status: {
          containerStatuses: [
            {
              name: 'app',
              image: 'registry/shop:1.2.3',
              imageID: `${ecrHost(ORG)}/shop/cart@${digest(5)}`,
              ready: true,
              restartCount: 0,
              state: { running: {} },
            },
          ],
        },
      },
      { fieldManager: 'test', subresource: 'status' },
    )) as any;
    expect(cart.status.containerStatuses[0].imageID).toContain(digest(5));
    let status = await statusOf();
    for (let i = 0; i < 50; i++) {
      if (
        status?.clusters[0].pods.some(p => p.imageDigests?.includes(digest(5)))
      )
        break;
      await new Promise(r => setTimeout(r, 100));
      status = await statusOf();
    }
    const pending = images.scansFor(status);
    expect(pending.find(s => s.digest === digest(5))?.scanStatus).toBe(
      'PENDING',
    );
    expect(pending.find(s => s.digest === digest(2))).toBeUndefined();
    await images.poll();
    expect(
      images.scansFor(status).find(s => s.digest === digest(5)),
    ).toMatchObject({ scanStatus: 'COMPLETE', counts: { LOW: 1 } });
    expect(images.size).toBe(3);
  });
});
