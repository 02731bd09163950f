import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readTenancyConfig } from '@internal/backstage-plugin-eks-platform-node';
import {
  KubernetesCluster,
  KubernetesClusters,
  NO_FAULTS,
  startKubernetesClusters,
} from '@internal/eks-platform-sandbox';
import { component } from '../../__testUtils__/entities';
import { eventually } from '../../__testUtils__/eventually';
import { nodes, pod, seed } from '../../__testUtils__/kubeFixtures';
import { readEntityTargets } from '../../status/entityTargets';
import { kubernetesTarget } from '../../status/kubernetesTarget';
import { NamespacePolicy } from '../../status/namespaceScope';
import { createAuthStrategy, readClusters } from './clusters';
import {
  KubernetesSource,
  KubernetesSourceOptions,
  KubernetesTarget,
} from './KubernetesSource';

/*
 * The limits of the Kubernetes source on a real kube-apiserver behind the
 * sandbox's fault proxy: selectors confined to the entity's namespaces,
 * paged and size-capped LISTs, watches that end when they should (counted
 * at the proxy), idle eviction and caps of custom-selector watch sets.
 */
jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
let kube: KubernetesClusters;
let dev: KubernetesCluster;

/** Two teams' namespaces with pods; team-b's must never show on team-a's entities. */
const TEAM_A_PODS = ['a-web-1', 'a-web-2', 'a-worker-1'];
const TEAM_B_PODS = ['b-api-1', 'b-api-2'];

beforeAll(async () => {
  kube = await startKubernetesClusters({
    clusters: [{ name: 'dev' }],
    crds: [],
  });
  dev = kube.clusters.dev;
  const ns = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  await seed(dev.client, [
    ...nodes(),
    ns('team-a'),
    ns('team-b'),
    ns('kube-system'),
    // Pods created by the watch tests live here, apart from the counted ones.
    ns('team-c'),
    ...TEAM_A_PODS.map(name =>
      pod(name.replace(/-\d$/, ''), 'team-a', name, 'node-a'),
    ),
    ...TEAM_B_PODS.map(name =>
      pod(name.replace(/-\d$/, ''), 'team-b', name, 'node-b'),
    ),
    // Same kubernetes-id as team-a's web, in team-b's namespace.
    pod('a-web', 'team-b', 'impostor-1', 'node-c'),
  ]);
}, 120_000);
afterAll(() => kube?.close());

let source: KubernetesSource | undefined;
afterEach(async () => {
  await source?.stop();
  source = undefined;
  dev.setFaults(NO_FAULTS);
  await dev.start();
});

function startSource(options: KubernetesSourceOptions = {}) {
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
    { listTimeoutMs: 3000, ...options },
  );
  source.start();
  return source;
}

/** No team config: each entity's declared namespace is used (reserved ones refused). */
const OPEN_POLICY: NamespacePolicy = {
  tenancy: readTenancyConfig(new ConfigReader({})),
  environments: [],
};

function targetOf(
  annotations: Record<string, string>,
  options: { owner?: string; policy?: NamespacePolicy } = {},
): KubernetesTarget {
  const entity = component('svc', annotations);
  (entity.spec as any).owner = options.owner ?? 'group:default/team-a';
  const target = kubernetesTarget(
    entity,
    readEntityTargets(entity).kubernetes!,
    options.policy ?? OPEN_POLICY,
  );
  if ('annotation' in target) throw new Error(target.message);
  return target;
}

const SELECTOR = 'backstage.io/kubernetes-label-selector';
const NAMESPACE = 'backstage.io/kubernetes-namespace';

/** Stops the source; every request it had open at the proxy must end. */
async function stopAndExpectNoOpenRequest(s: KubernetesSource) {
  await s.stop();
  source = undefined;
  expect(
    await eventually(
      () => dev.openRequests(),
      n => n === 0,
      3000,
    ),
  ).toBe(0);
}

const podNames = (r: Awaited<ReturnType<KubernetesSource['forEntity']>>) =>
  r
    .data!.clusters.flatMap(c => c.pods.map(p => `${p.namespace}/${p.name}`))
    .sort();

describe('selectors confined to the entity namespaces', () => {
  it('shows only namespace A for a selector "!x" that matches every pod', async () => {
    const s = startSource();
    const since = dev.requests.length;
    const result = await s.forEntity(
      targetOf({ [SELECTOR]: '!x', [NAMESPACE]: 'team-a' }),
      Date.now() + 5000,
    );
    expect(result.state).toBe('ok');
    expect(podNames(result)).toEqual(
      TEAM_A_PODS.map(p => `team-a/${p}`).sort(),
    );
    // The selector went to the API server only inside team-a: LIST, then WATCH, per kind.
    const selectorRequests = await eventually(
      () =>
        dev.requests
          .slice(since)
          .filter(r => r.query.includes('labelSelector=%21x')),
      requests => requests.length >= 6,
    );
    expect(selectorRequests.map(r => r.path).sort()).toEqual(
      [
        '/api/v1/namespaces/team-a/pods',
        '/apis/apps/v1/namespaces/team-a/deployments',
        '/apis/apps/v1/namespaces/team-a/replicasets',
      ].flatMap(p => [p, p]),
    );
  });

  it('looks up a kubernetes-id only inside the declared namespace', async () => {
    const s = startSource();
    const result = await s.forEntity(
      targetOf({
        'backstage.io/kubernetes-id': 'a-web',
        [NAMESPACE]: 'team-a',
      }),
      Date.now() + 5000,
    );
    // impostor-1 carries the same id in team-b.
    expect(podNames(result)).toEqual(['team-a/a-web-1', 'team-a/a-web-2']);
  });

  it('defaults to the owning team namespace from platform config, and refuses another team namespace', async () => {
    const policy: NamespacePolicy = {
      tenancy: readTenancyConfig(
        new ConfigReader({
          eksPlatform: {
            tenancy: {
              teams: [
                { group: 'group:default/team-a', namespaces: ['team-a'] },
              ],
            },
          },
        }),
      ),
      environments: [],
    };
    const s = startSource();
    const defaulted = await s.forEntity(
      targetOf({ [SELECTOR]: '!x' }, { policy }),
      Date.now() + 5000,
    );
    expect(podNames(defaulted)).toEqual(
      TEAM_A_PODS.map(p => `team-a/${p}`).sort(),
    );
    const other = await s.forEntity(
      targetOf({ [SELECTOR]: '!x', [NAMESPACE]: 'team-b' }, { policy }),
      Date.now() + 5000,
    );
    expect(other.state).toBe('error');
    expect(other.data!.clusters[0]).toMatchObject({
      cluster: 'dev',
      state: 'error',
      pods: [],
      error: {
        upstream: 'kubernetes/dev',
        message: expect.stringContaining(
          'namespace "team-b" (backstage.io/kubernetes-namespace) is not a namespace of group:default/team-a on cluster dev; its namespaces there: team-a',
        ),
      },
    });
  });

  it('refuses, per cluster and saying what to add, an entity with no namespace or a system one', async () => {
    const s = startSource();
    const none = await s.forEntity(
      targetOf({ [SELECTOR]: '!x' }),
      Date.now() + 2000,
    );
    expect(none.state).toBe('error');
    expect(none.data!.clusters[0].error!.message).toMatch(
      /declares no namespace.*Add the backstage\.io\/kubernetes-namespace annotation/,
    );
    const system = await s.forEntity(
      targetOf({ [SELECTOR]: '!x', [NAMESPACE]: 'kube-system' }),
      Date.now() + 2000,
    );
    expect(system.data!.clusters[0].error!.message).toMatch(
      /"kube-system".*system or platform namespace/,
    );
    expect(JSON.stringify([none, system])).not.toMatch(/team-b|b-api/);
  });
});

describe('LIST: pages, size cap and deadline', () => {
  it('reads a namespace in pages of the configured size', async () => {
    const s = startSource({ listPageSize: 2 });
    const since = dev.requests.length;
    const result = await s.forEntity(
      targetOf({ [SELECTOR]: '!x', [NAMESPACE]: 'team-a' }),
      Date.now() + 5000,
    );
    expect(podNames(result)).toHaveLength(3);
    const podLists = dev.requests
      .slice(since)
      .filter(
        r =>
          r.path === '/api/v1/namespaces/team-a/pods' &&
          !r.query.includes('watch='),
      );
    expect(podLists).toHaveLength(2);
    expect(podLists.every(r => r.query.includes('limit=2'))).toBe(true);
    expect(podLists[1].query).toMatch(/continue=/);
  });

  it('gives each page its own deadline, so a LIST of many quick pages is not cut', async () => {
    // 300 ms per request, pages of 1 object: the default set's pod LIST
    // (every pod of the cluster) takes several pages, longer together than
    // the 1 s each page gets.
    dev.setFaults({ latencyMs: 300 });
    const s = startSource({ listPageSize: 1, listTimeoutMs: 1000 });
    const since = dev.requests.length;
    const result = await s.forEntity(
      targetOf({
        'backstage.io/kubernetes-id': 'a-web',
        [NAMESPACE]: 'team-a',
      }),
      Date.now() + 20_000,
    );
    expect(result.state).toBe('ok');
    expect(podNames(result)).toEqual(['team-a/a-web-1', 'team-a/a-web-2']);
    const podPages = dev.requests
      .slice(since)
      .filter(r => r.path === '/api/v1/pods' && !r.query.includes('watch='));
    // Every pod of the cluster, one per page (plus the last, empty, page at most).
    expect(podPages.length).toBeGreaterThanOrEqual(6);
    expect(podPages.length * 300).toBeGreaterThan(1000);
  });

  it('ends a LIST whose pages together pass the whole-LIST deadline', async () => {
    dev.setFaults({ latencyMs: 300 });
    const s = startSource({
      listPageSize: 1,
      listTimeoutMs: 1000,
      listTotalTimeoutMs: 1000,
    });
    const result = await eventually(
      () =>
        s.forEntity(
          targetOf({
            'backstage.io/kubernetes-id': 'a-web',
            [NAMESPACE]: 'team-a',
          }),
          Date.now() + 3000,
        ),
      r => /did not finish all its pages/.test(r.error?.message ?? ''),
    );
    // The one-page kinds synced; the paged ones never do.
    expect(result.state).not.toBe('ok');
    expect(result.error!.message).toMatch(
      /^LIST \/\S+ did not finish all its pages within 1000 ms \(eksPlatform\.status\.kubernetes\.listTotalTimeoutMs\)$/,
    );
  });

  it('cuts an oversized answer and reports its size cap, then heals', async () => {
    // Every successful JSON answer padded to 2 MB; the cap is 1 MB.
    dev.setFaults({ oversizedBytes: 2 * 1024 * 1024 });
    const s = startSource({ maxResponseBytes: 1024 * 1024 });
    const cut = await eventually(
      () =>
        s.forEntity(
          targetOf({
            'backstage.io/kubernetes-id': 'a-web',
            [NAMESPACE]: 'team-a',
          }),
          Date.now() + 3000,
        ),
      r => /larger than 1 MB/.test(r.error?.message ?? ''),
    );
    expect(cut.state).toBe('error');
    expect(cut.error!.message).toMatch(
      /^LIST \/\S+ answered a response larger than 1 MB \(eksPlatform\.status\.kubernetes\.maxResponseMB\); it was cut off$/,
    );
    dev.setFaults({ oversizedBytes: 0 });
    const healed = await eventually(
      () =>
        s.forEntity(
          targetOf({
            'backstage.io/kubernetes-id': 'a-web',
            [NAMESPACE]: 'team-a',
          }),
          Date.now() + 1000,
        ),
      r => r.state === 'ok',
      15_000,
    );
    expect(healed.data!.clusters[0].deployments).toEqual([]);
    expect(healed.state).toBe('ok');
  });
});

describe('WATCH: ends when it should, and leaves no connection open', () => {
  it('aborts watches that time out waiting for an answer: no open request piles up at the proxy', async () => {
    const s = startSource({ listTimeoutMs: 500 });
    const target = targetOf({
      'backstage.io/kubernetes-id': 'a-web',
      [NAMESPACE]: 'team-a',
    });
    expect((await s.forEntity(target, Date.now() + 5000)).state).toBe('ok');
    const collections = 7; // 3 workload kinds + 3 shared kinds + NetworkPolicies
    await eventually(
      () => dev.openRequests(),
      n => n === collections,
    );
    const watchesBefore = dev.requests.filter(r =>
      r.query.includes('watch=true'),
    ).length;

    // The cluster now accepts and never answers; open watches are cut.
    dev.setHang(true);
    await dev.stop();
    await dev.start();
    const peaks: number[] = [];
    const end = Date.now() + 6000;
    while (Date.now() < end) {
      peaks.push(dev.openRequests());
      await new Promise(r => setTimeout(r, 100));
    }
    const retried =
      dev.requests.filter(r => r.query.includes('watch=true')).length -
      watchesBefore;
    // Every collection retried its watch several times, each attempt timed
    // out, and each was aborted: never more than one open per collection.
    expect(retried).toBeGreaterThanOrEqual(2 * collections);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(collections);
    const stale = await s.forEntity(target, Date.now() + 500);
    expect(stale.error!.message).toMatch(
      /WATCH \S+ got no answer within 500 ms/,
    );

    await stopAndExpectNoOpenRequest(s);
  });

  it('ends a watch the server does not end at its timeout (dripping events)', async () => {
    const s = startSource({ listTimeoutMs: 1000, watchTimeoutSeconds: 2 });
    const target = targetOf({ [SELECTOR]: 'drip=yes', [NAMESPACE]: 'team-c' });
    expect((await s.forEntity(target, Date.now() + 5000)).state).toBe('ok');
    // Events the next watch replays, trickled at 100 bytes per second: the
    // server ends the watch after 2 s, the proxy would drip for a minute.
    dev.setFaults({ dripBytesPerSecond: 100 });
    await dev.stop();
    for (let i = 1; i <= 3; i++) {
      const p = pod('drip', 'team-c', `drip-${i}`, 'node-a');
      p.metadata.labels.drip = 'yes';
      await dev.client.createWithStatus(p);
    }
    await dev.start();
    const ended = await eventually(
      () => s.forEntity(target, Date.now() + 500),
      r =>
        /was not ended by the server after its 2 s timeout/.test(
          r.error?.message ?? '',
        ),
      15_000,
    );
    // The custom set's watch, or the shared id index's (it sees the pods too).
    expect(ended.error!.message).toMatch(
      /^WATCH \/api\/v1\/(namespaces\/team-c\/)?pods was not ended by the server after its 2 s timeout$/,
    );
    await stopAndExpectNoOpenRequest(s);
  });

  it('cuts a watch event larger than the size cap', async () => {
    // 8 KB: the namespace's first (empty) page fits, a pod event does not.
    const s = startSource({ maxResponseBytes: 8 * 1024 });
    const target = targetOf({ [SELECTOR]: 'big=yes', [NAMESPACE]: 'team-c' });
    await s.forEntity(target, Date.now() + 5000);
    const set = s.clusterWatchers[0].customSet(
      'team-c',
      'big=yes',
      'group:default/team-a',
    );
    if (!('set' in set)) throw new Error(set.refused);
    // Listed (empty) and watching before the pod appears.
    await eventually(
      () => set.set.collections.pods.getState().synced,
      ok => ok,
    );
    await new Promise(r => setTimeout(r, 300));
    const big = pod('big', 'team-c', 'big-1', 'node-a');
    big.metadata.labels.big = 'yes';
    big.metadata.annotations = { padding: 'x'.repeat(16 * 1024) };
    await dev.client.createWithStatus(big);
    const state = await eventually(
      () => set.set.collections.pods.getState(),
      st => /event larger than/.test(st.error?.message ?? ''),
    );
    expect(state.error!.message).toBe(
      'WATCH /api/v1/namespaces/team-c/pods sent an event larger than 0.01 MB (eksPlatform.status.kubernetes.maxResponseMB); it was cut off',
    );
  });
});

describe('custom-selector watch sets', () => {
  it('stops and drops a set nobody read for the idle time, closing its watches', async () => {
    const s = startSource({
      customSelectors: { idleMs: 1000, maxPerOwner: 10, maxTotal: 100 },
    });
    const watcher = s.clusterWatchers[0];
    const target = targetOf({ [SELECTOR]: 'idle=yes', [NAMESPACE]: 'team-a' });
    expect((await s.forEntity(target, Date.now() + 5000)).state).toBe('ok');
    expect(watcher.customSetCount()).toBe(1);
    const open = await eventually(
      () => dev.openRequests(),
      n => n === 10,
    );
    expect(open).toBe(10); // 7 default, shared and NetworkPolicy watches, 3 of the custom set

    // Read again within the idle time: kept.
    await new Promise(r => setTimeout(r, 600));
    await s.forEntity(target, Date.now() + 1000);
    await new Promise(r => setTimeout(r, 600));
    expect(watcher.customSetCount()).toBe(1);

    // Not read for longer: evicted, its three watches closed at the proxy.
    expect(
      await eventually(
        () => watcher.customSetCount(),
        n => n === 0,
        4000,
      ),
    ).toBe(0);
    expect(
      await eventually(
        () => dev.openRequests(),
        n => n === 7,
      ),
    ).toBe(7);

    // Read once more: a fresh set lists again.
    const lists = () =>
      dev.requests.filter(
        r =>
          r.path === '/api/v1/namespaces/team-a/pods' &&
          r.query.includes('idle%3Dyes') &&
          !r.query.includes('watch='),
      ).length;
    const before = lists();
    expect((await s.forEntity(target, Date.now() + 5000)).state).toBe('ok');
    expect(lists()).toBe(before + 1);
  });

  it('caps sets per owning group and in total, and says which cap in the status', async () => {
    const s = startSource({
      customSelectors: { idleMs: 60_000, maxPerOwner: 2, maxTotal: 3 },
    });
    const read = (owner: string, selector: string) =>
      s.forEntity(
        targetOf({ [SELECTOR]: selector, [NAMESPACE]: 'team-a' }, { owner }),
        Date.now() + 5000,
      );
    expect((await read('group:default/team-a', 'c=1')).state).toBe('ok');
    expect((await read('group:default/team-a', 'c=2')).state).toBe('ok');
    // The same selector again (spelt differently) reuses its set.
    expect((await read('group:default/team-a', 'c == 2')).state).toBe('ok');

    const third = await read('group:default/team-a', 'c=3');
    expect(third.state).toBe('error');
    expect(third.data!.clusters[0].error!.message).toBe(
      "group:default/team-a already has 2 custom label-selector watch sets on cluster dev, its limit (eksPlatform.status.kubernetes.customSelectors.maxPerOwner: 2), so this entity's selector is not watched. Sets nobody reads for 1 min are freed. Label the workloads with backstage.io/kubernetes-id instead (they need no watches of their own), or ask the platform team to raise the limit.",
    );

    // Another team is not held back by team-a's cap...
    expect((await read('group:default/team-b', 'c=4')).state).toBe('ok');
    // ...until the cluster's total is reached.
    const total = await read('group:default/team-c', 'c=5');
    expect(total.data!.clusters[0].error!.message).toMatch(
      /^cluster dev already watches 3 custom label selectors, the limit for all teams together \(eksPlatform\.status\.kubernetes\.customSelectors\.maxTotal: 3\)/,
    );
    // Entities on the shared id index need no set and are never capped.
    expect(
      (
        await s.forEntity(
          targetOf(
            { 'backstage.io/kubernetes-id': 'a-web', [NAMESPACE]: 'team-a' },
            { owner: 'group:default/team-c' },
          ),
          Date.now() + 5000,
        )
      ).state,
    ).toBe('ok');
  });
});
