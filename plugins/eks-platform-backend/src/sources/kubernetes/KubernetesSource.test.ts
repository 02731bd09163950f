import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  KubernetesCluster,
  KubernetesClusters,
  NO_FAULTS,
  startKubernetesClusters,
} from '@internal/eks-platform-sandbox';
import {
  checkoutObjects,
  deployment,
  nodes,
  pod,
  seed,
} from '../../__testUtils__/kubeFixtures';
import { eventually } from '../../__testUtils__/eventually';
import { createAuthStrategy, readClusters } from './clusters';
import {
  KubernetesSource,
  KubernetesSourceOptions,
  KubernetesTarget,
} from './KubernetesSource';

/*
 * The status backend's informers against real kube-apiservers (the
 * sandbox's, behind their fault proxies): real LIST/WATCH, bookmarks,
 * resourceVersion resume and 410 Gone after an etcd compaction. Pods are
 * served straight from etcd in these clusters (no watch cache), so a
 * compaction expires their old resourceVersions at once.
 */
jest.setTimeout(60_000);
// These tests depend on when real API servers send BOOKMARKs and close
// watches; on a loaded 2-core machine one window can pass without its
// bookmark (seen in CI about once in four runs). A retry starts the test over
// with new objects; a behaviour that is broken fails every attempt.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

const logger = mockServices.logger.mock();
let kube: KubernetesClusters;

beforeAll(async () => {
  kube = await startKubernetesClusters({
    clusters: [{ name: 'dev' }, { name: 'stage' }, { name: 'prod' }],
    crds: [],
    compactionIntervalSeconds: 0,
    uncachedResources: ['pods'],
  });
}, 120_000);
afterAll(() => kube?.close());

function sourceFor(
  clusters: KubernetesCluster[],
  options: KubernetesSourceOptions & { token?: string } = {},
) {
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(c => ({
            name: c.name,
            url: c.url,
            caData: c.caData,
            authProvider: 'serviceAccount',
            serviceAccountToken: options.token ?? c.token,
          })),
        },
      ],
    },
  });
  return new KubernetesSource(
    readClusters(config, logger),
    createAuthStrategy(config),
    logger,
    { listTimeoutMs: 3000, ...options },
  );
}

const gets = (c: KubernetesCluster, path?: string) =>
  Array.from(c.requestCounts.entries())
    .filter(([k]) => (path ? k === `GET ${path}` : k.startsWith('GET ')))
    .reduce((n, [, v]) => n + v, 0);
/** LISTs (not watches) of a path seen by the cluster's proxy. */
const lists = (c: KubernetesCluster, path: string) =>
  c.requests.filter(r => r.path === path && !/(^|&)watch=/.test(r.query))
    .length;
const watches = (c: KubernetesCluster, path: string) =>
  c.requests.filter(r => r.path === path && /(^|&)watch=true/.test(r.query));

/** An entity with a kubernetes-id, looked up in one namespace (the fixtures' default: its id). */
const target = (id: string, namespace = id): KubernetesTarget => ({
  id,
  owner: 'group:default/team',
  scope: () => ({ namespaces: [namespace] }),
});

describe('KubernetesSource against real kube-apiservers', () => {
  let source: KubernetesSource | undefined;
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    for (const c of Object.values(kube.clusters)) {
      c.setFaults(NO_FAULTS);
      await c.start();
    }
  });

  it('serves workloads, HPA, PDB and placement facts from watch caches', async () => {
    const dev = kube.clusters.dev;
    await seed(dev.client, checkoutObjects());
    source = sourceFor([dev]);
    source.start();
    const result = await source.forEntity(
      target('checkout', 'shop'),
      Date.now() + 5000,
    );
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
    const dev = kube.clusters.dev;
    await seed(dev.client, checkoutObjects('views', 'views'));
    source = sourceFor([dev]);
    source.start();
    await source.forEntity(target('views'), Date.now() + 5000);
    await new Promise(r => setTimeout(r, 300)); // let the watches connect
    const before = gets(dev);
    for (let i = 0; i < 20; i++)
      await source.forEntity(target('views'), Date.now() + 1000);
    expect(gets(dev)).toBe(before);
    // Quiet cluster, same signature: a memoised status stays valid.
    const quiet = source.signature();
    expect(source.signature()).toBe(quiet);

    await seed(dev.client, [pod('views', 'views', 'views-abc-4', 'node-c')]);
    const after = await eventually(
      () => source!.forEntity(target('views'), Date.now() + 1000),
      // Created, then its status written (ready): counted once ready.
      r => r.data!.clusters[0].placement.podsPerZone['eu-west-1c'] === 1,
    );
    expect(after.data!.clusters[0].pods).toHaveLength(4);
    expect(after.data!.clusters[0].placement.podsPerZone['eu-west-1c']).toBe(1);
    expect(gets(dev)).toBe(before);
    // A watch event changed the signature: a memoised status is assembled again.
    expect(source.signature()).not.toBe(quiet);
  });

  it('keeps a quiet filtered watch current through bookmarks', async () => {
    const stage = kube.clusters.stage;
    await seed(stage.client, checkoutObjects('quiet', 'quiet'));
    // Watches last 4 s; the server sends a BOOKMARK 2 s before the end.
    source = sourceFor([stage], { watchTimeoutSeconds: 4 });
    source.start();
    await source.forEntity(target('quiet'), Date.now() + 5000);
    const collection =
      source.clusterWatchers[0].defaultSet.collections.deployments;
    const listed = Number(collection.resourceVersion);
    const deploymentLists = lists(stage, '/apis/apps/v1/deployments');
    // Other services' deployments change; none matches the filter.
    // Names unique per attempt: a retry creates new noise.
    const attempt = Date.now().toString(36);
    for (let i = 0; i < 3; i++) {
      const noise = deployment(`noise-${attempt}-${i}`, 'pay', {
        replicas: 1,
      });
      // Without the entity label: the filtered watch sees none of it.
      noise.metadata.labels = { 'app.kubernetes.io/name': noise.metadata.name };
      await stage.client.createWithStatus(noise);
    }
    const noise = await stage.client.get(
      'apps/v1',
      'Deployment',
      'pay',
      `noise-${attempt}-2`,
    );
    const moved = await eventually(
      () => Number(collection.resourceVersion),
      rv => rv >= Number(noise.metadata.resourceVersion),
      // The API server sends a bookmark about 2 s before each 4 s watch ends;
      // on a loaded 2-core CI machine one window can pass without one (seen
      // once), so allow several windows. It returns as soon as one arrives.
      25_000,
    );
    expect(moved).toBeGreaterThan(listed);
    // The informer asked for bookmarks and resumed from the bookmark's version.
    const resumed = await eventually(
      () => watches(stage, '/apis/apps/v1/deployments'),
      w => w.some(r => r.query.includes(`resourceVersion=${moved}`)),
      15_000,
    );
    expect(
      resumed.every(r => r.query.includes('allowWatchBookmarks=true')),
    ).toBe(true);
    expect(
      resumed.some(r => r.query.includes(`resourceVersion=${moved}`)),
    ).toBe(true);
    expect(lists(stage, '/apis/apps/v1/deployments')).toBe(deploymentLists);
  });

  it('resumes a dropped watch from its resourceVersion and gets what it missed', async () => {
    const prod = kube.clusters.prod;
    await seed(prod.client, checkoutObjects('resume', 'resume'));
    source = sourceFor([prod]);
    source.start();
    await source.forEntity(target('resume'), Date.now() + 5000);
    await new Promise(r => setTimeout(r, 300));
    const podLists = lists(prod, '/api/v1/pods');
    const pods = source.clusterWatchers[0].defaultSet.collections.pods;
    const lastSeen = pods.resourceVersion;

    await prod.stop(); // every open watch is cut
    await seed(prod.client, [
      pod('resume', 'resume', 'resume-abc-7', 'node-c'),
    ]);
    await prod.client.remove({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'resume-abc-1', namespace: 'resume' },
    });
    await prod.start();

    const result = await eventually(
      () => source!.forEntity(target('resume'), Date.now() + 1000),
      r =>
        r.state === 'ok' &&
        r.data!.clusters[0].pods.map(p => p.name).join() ===
          'resume-abc-2,resume-abc-3,resume-abc-7',
    );
    expect(result.data!.clusters[0].pods.map(p => p.name)).toEqual([
      'resume-abc-2',
      'resume-abc-3',
      'resume-abc-7',
    ]);
    expect(result.state).toBe('ok');
    expect(lists(prod, '/api/v1/pods')).toBe(podLists);
    expect(
      watches(prod, '/api/v1/pods').some(r =>
        r.query.includes(`resourceVersion=${lastSeen}`),
      ),
    ).toBe(true);
  });

  it('re-lists after 410 Gone when etcd compacted the version a watch resumes from', async () => {
    const dev = kube.clusters.dev;
    await seed(dev.client, checkoutObjects('gone', 'gone'));
    source = sourceFor([dev]);
    source.start();
    await source.forEntity(target('gone'), Date.now() + 5000);
    await new Promise(r => setTimeout(r, 300));
    const podLists = lists(dev, '/api/v1/pods');

    await dev.stop();
    await seed(dev.client, [pod('gone', 'gone', 'gone-abc-9', 'node-c')]);
    await dev.client.remove({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'gone-abc-1', namespace: 'gone' },
    });
    await kube.etcd.compact();
    await dev.start();

    const result = await eventually(
      () => source!.forEntity(target('gone'), Date.now() + 1000),
      r =>
        r.state === 'ok' &&
        r.data!.clusters[0].pods.map(p => p.name).join() ===
          'gone-abc-2,gone-abc-3,gone-abc-9',
    );
    expect(result.data!.clusters[0].pods.map(p => p.name)).toEqual([
      'gone-abc-2',
      'gone-abc-3',
      'gone-abc-9',
    ]);
    // The resumed watch got 410 Expired; the informer listed once more.
    expect(lists(dev, '/api/v1/pods')).toBe(podLists + 1);
  });

  it('answers within the deadline when one cluster hangs and another fails with 500', async () => {
    const [good, hanging, failing] = [
      kube.clusters.prod,
      kube.clusters.stage,
      kube.clusters.dev,
    ];
    await Promise.all(
      [good, hanging, failing].map(c =>
        seed(c.client, checkoutObjects('split', 'split')),
      ),
    );
    hanging.setHang(true);
    failing.setFailureRate(1);
    source = sourceFor([good, hanging, failing], { listTimeoutMs: 1000 });
    source.start();
    const started = Date.now();
    const result = await source.forEntity(target('split'), Date.now() + 1500);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.state).toBe('stale');
    const byName = Object.fromEntries(
      result.data!.clusters.map(c => [c.cluster, c]),
    );
    expect(byName.prod.state).toBe('ok');
    expect(byName.prod.deployments).toHaveLength(1);
    expect(byName.stage.state).toBe('error');
    expect(byName.dev.state).toBe('error');
    const failed = await eventually(
      () => source!.forEntity(target('split'), Date.now() + 500),
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
    expect(JSON.stringify(failed)).not.toMatch(/127\.0\.0\.1|https?:\/\//);
  });

  it('gives up on a LIST whose answer only trickles in, at its absolute deadline', async () => {
    const stage = kube.clusters.stage;
    await seed(stage.client, checkoutObjects('drip', 'drip'));
    // Headers at once, then 200 bytes per second: each byte would reset an
    // idle timeout, only a deadline on the whole exchange notices.
    stage.setFaults({ dripBytesPerSecond: 200 });
    source = sourceFor([stage], { listTimeoutMs: 1000 });
    source.start();
    const result = await eventually(
      () => source!.forEntity(target('drip'), Date.now() + 1500),
      r => /did not finish within 1000 ms/.test(r.error?.message ?? ''),
      6000,
    );
    expect(result.state).not.toBe('ok');
    expect(result.error!.message).toMatch(/did not finish within 1000 ms/);

    stage.setFaults({ dripBytesPerSecond: 0 });
    const healed = await eventually(
      () => source!.forEntity(target('drip'), Date.now() + 1000),
      r => r.state === 'ok',
      8000,
    );
    expect(healed.data!.clusters[0].deployments).toHaveLength(1);
  });

  it('recovers from connections dropped in the middle of an answer', async () => {
    const prod = kube.clusters.prod;
    await seed(prod.client, checkoutObjects('reset', 'reset'));
    prod.setFaults({ resetAfterBytes: 100 });
    source = sourceFor([prod]);
    source.start();
    const cut = await eventually(
      () => source!.forEntity(target('reset'), Date.now() + 1000),
      r => /cut off/.test(r.error?.message ?? ''),
      5000,
    );
    expect(cut.state).not.toBe('ok');
    prod.setFaults({ resetAfterBytes: null });
    const healed = await eventually(
      () => source!.forEntity(target('reset'), Date.now() + 1000),
      r => r.state === 'ok',
      8000,
    );
    expect(healed.data!.clusters[0].deployments).toHaveLength(1);
  });

  it('keeps the last good data as stale when a synced cluster starts failing', async () => {
    const dev = kube.clusters.dev;
    await seed(dev.client, checkoutObjects('stale', 'stale'));
    source = sourceFor([dev]);
    source.start();
    expect(
      (await source.forEntity(target('stale'), Date.now() + 5000)).state,
    ).toBe('ok');
    dev.setFailureRate(1);
    await dev.stop();
    await dev.start();
    const result = await eventually(
      () => source!.forEntity(target('stale'), Date.now() + 500),
      r => r.state !== 'ok',
    );
    expect(result.state).toBe('stale');
    expect(result.data!.clusters[0]).toMatchObject({
      state: 'stale',
      error: { upstream: 'kubernetes/dev', since: expect.any(String) },
    });
    expect(result.data!.clusters[0].deployments).toHaveLength(1);
  });

  it('notices a synced cluster that starts hanging instead of serving a frozen cache as fresh', async () => {
    const dev = kube.clusters.dev;
    await seed(dev.client, checkoutObjects('frozen', 'frozen'));
    source = sourceFor([dev], { listTimeoutMs: 1000 });
    source.start();
    expect(
      (await source.forEntity(target('frozen'), Date.now() + 5000)).state,
    ).toBe('ok');
    dev.setHang(true);
    await dev.stop();
    await dev.start();
    const result = await eventually(
      () => source!.forEntity(target('frozen'), Date.now() + 500),
      r => /no answer within/.test(r.error?.message ?? ''),
    );
    expect(result.state).toBe('stale');
    expect(result.error!.message).toMatch(/no answer within 1000 ms/);
    expect(result.data!.clusters[0].deployments).toHaveLength(1);
  });

  it('reports a cluster whose token is refused, without echoing the token', async () => {
    const dev = kube.clusters.dev;
    await seed(dev.client, checkoutObjects());
    source = sourceFor([dev], { token: 'wrong-secret-token' });
    source.start();
    const result = await source.forEntity(
      target('checkout', 'shop'),
      Date.now() + 3000,
    );
    expect(result.state).toBe('error');
    expect(result.data!.clusters[0].error!.message).toMatch(/401.*credentials/);
    expect(JSON.stringify(result)).not.toContain('wrong-secret-token');
  });

  it('serves pod template facts, running image digests and the NetworkPolicies selecting the pods', async () => {
    const dev = kube.clusters.dev;
    const ns = 'facts';
    const d = deployment('hardened', ns);
    d.spec.template.spec = {
      securityContext: { runAsNonRoot: true, runAsUser: 10001 },
      containers: [
        {
          name: 'app',
          image: 'registry/hardened:1.2.3',
          env: [{ name: 'TOKEN', value: 'not-for-the-cache' }],
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          resources: {
            requests: { cpu: '250m', memory: '256Mi' },
            limits: { memory: '512Mi' },
          },
          securityContext: {
            runAsUser: 10002,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['all'] },
          },
        },
      ],
    };
    const digest = `sha256:${'ab'.repeat(32)}`;
    const p = pod('hardened', ns, 'hardened-abc-1', 'node-a');
    p.status.containerStatuses[0].imageID = `registry/hardened@${digest}`;
    const policy = (name: string, podSelector: any, extra: any = {}) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: extra.namespace ?? ns },
      spec: { podSelector, ...extra.spec },
    });
    await seed(dev.client, [
      ...nodes(),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'elsewhere' } },
      d,
      p,
      policy('hardened-ingress', {
        matchLabels: { 'app.kubernetes.io/name': 'hardened' },
      }),
      policy(
        'default-deny',
        {},
        { spec: { policyTypes: ['Ingress', 'Egress'] } },
      ),
      policy('someone-else', {
        matchExpressions: [
          { key: 'app.kubernetes.io/name', operator: 'In', values: ['other'] },
        ],
      }),
      policy('other-namespace', {}, { namespace: 'elsewhere' }),
    ]);
    source = sourceFor([dev]);
    source.start();
    const result = await source.forEntity(
      target('hardened', ns),
      Date.now() + 5000,
    );
    expect(result.state).toBe('ok');
    const [c] = result.data!.clusters;
    expect(c.deployments[0].podTemplate).toEqual({
      labels: { 'app.kubernetes.io/name': 'hardened' },
      containers: [
        {
          name: 'app',
          image: 'registry/hardened:1.2.3',
          readinessProbe: true,
          livenessProbe: false,
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { memory: '512Mi' },
          securityContext: {
            // runAsNonRoot from the pod, runAsUser the container's own.
            runAsNonRoot: true,
            runAsUser: 10002,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilitiesDrop: ['ALL'],
          },
        },
      ],
    });
    expect(c.pods[0].imageDigests).toEqual([digest]);
    expect(c.networkPolicies).toEqual([
      {
        namespace: ns,
        name: 'default-deny',
        policyTypes: ['Ingress', 'Egress'],
      },
      { namespace: ns, name: 'hardened-ingress', policyTypes: ['Ingress'] },
    ]);
    expect(JSON.stringify(result)).not.toContain('not-for-the-cache');

    // A policy added later reaches the next answer through the watch.
    await seed(dev.client, [
      policy(
        'hardened-egress',
        {
          matchLabels: { 'app.kubernetes.io/name': 'hardened' },
        },
        { spec: { egress: [{}] } },
      ),
    ]);
    const later = await eventually(
      () => source!.forEntity(target('hardened', ns), Date.now() + 1000),
      r => (r.data?.clusters[0].networkPolicies?.length ?? 0) === 3,
    );
    expect(later.data!.clusters[0].networkPolicies![1]).toEqual({
      namespace: ns,
      name: 'hardened-egress',
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it('leaves NetworkPolicies unknown but serves everything else when RBAC refuses to list them', async () => {
    const dev = kube.clusters.dev;
    await seed(dev.client, checkoutObjects());
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'eks-platform:portal-read-only' },
    };
    const original = await dev.adminClient.mergePatch(
      role,
      {},
      {
        fieldManager: 'test',
      },
    );
    const withoutPolicies = original.rules.map((r: any) => ({
      ...r,
      resources: r.resources?.filter((x: string) => x !== 'networkpolicies'),
    }));
    await dev.adminClient.mergePatch(
      role,
      { rules: withoutPolicies },
      { fieldManager: 'test' },
    );
    try {
      source = sourceFor([dev]);
      source.start();
      const result = await source.forEntity(
        target('checkout', 'shop'),
        Date.now() + 5000,
      );
      expect(result.state).toBe('ok');
      const [c] = result.data!.clusters;
      expect(c.state).toBe('ok');
      expect(c.deployments).toHaveLength(1);
      expect(c.networkPolicies).toBeUndefined();
    } finally {
      await dev.adminClient.mergePatch(
        role,
        { rules: original.rules },
        { fieldManager: 'test' },
      );
    }
  });
});
