import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServiceScorecard } from '@internal/backstage-plugin-eks-platform-common';
import {
  KubernetesClusters,
  backstageKubernetesConfig,
  startKubernetesClusters,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import eksPlatformPlugin from '..';
import { annotatedService } from '../__testUtils__/entities';
import { eventually } from '../__testUtils__/eventually';
import { checkoutObjects, seed } from '../__testUtils__/kubeFixtures';
import { PROD_ENVIRONMENT_CONFIG } from '@internal/eks-platform-test-utils';

const KUBE_TOKEN = 'kube-secret-token-scorecard';

/** Requests the backend made to the cluster, watches included. */
const total = (counts: Map<string, number>) =>
  [...counts.values()].reduce((a, b) => a + b, 0);

describe('scorecard over a real Kubernetes API server', () => {
  let kube: KubernetesClusters;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    kube = await startKubernetesClusters({
      clusters: [{ name: 'prod' }],
      readerToken: KUBE_TOKEN,
      crds: [],
    });
    // checkout: two of three pods on node-a, a PDB allowing no eviction,
    // an HPA pinned at its maximum since 2026-11-22.
    await seed(kube.clusters.prod.client, checkoutObjects());
    backend = await startTestBackend({
      features: [
        eksPlatformPlugin,
        catalogServiceMock.factory({
          entities: [annotatedService('checkout')],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: backstageKubernetesConfig(kube.clusters, ['prod']),
            eksPlatform: {
              tenancy: {
                teams: [{ group: 'group:default/team', namespaces: ['shop'] }],
              },
              ...PROD_ENVIRONMENT_CONFIG,
            },
          },
        }),
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await kube?.close();
  }, 30_000);

  const view = async () => {
    const res = await request(backend.server)
      .get('/api/eks-platform/v1/scorecard/component/default/checkout')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body as ServiceScorecard;
  };

  it('judges the workloads the watch caches hold, and a view costs no Kubernetes request', async () => {
    // Until the watch caches are in sync the rules are unknown.
    const card = await eventually(view, c =>
      c.environments[0].results.some(
        r => r.ruleId === 'pdb-allows-drain' && r.outcome === 'fail',
      ),
    );
    const byId = new Map(card.environments[0].results.map(r => [r.ruleId, r]));
    expect(byId.get('replicas-distinct-nodes')).toMatchObject({
      outcome: 'fail',
      reasons: [expect.stringMatching(/2 ready pods on node node-a/)],
    });
    expect(byId.get('pdb-allows-drain')!.reasons[0]).toMatch(
      /allows 0 evictions/,
    );
    expect(byId.get('hpa-configured')!.outcome).toBe('pass');
    // The pod template facts from the watch caches: the fixture's container
    // declares no probes, resources or security context, and no
    // NetworkPolicy selects it.
    expect(byId.get('container-probes')!.reasons).toEqual([
      'container app of checkout: no readiness probe, no liveness probe',
    ]);
    expect(byId.get('restricted-security-context')!.outcome).toBe('fail');
    expect(byId.get('network-policy')).toMatchObject({
      outcome: 'fail',
      reasons: ['no NetworkPolicy selects the pods'],
    });
    // Sources not configured or down stay unknown, never a pass.
    for (const id of [
      'alert-rules-exist',
      'traces-arrive',
      'argocd-synced-healthy',
    ])
      expect(byId.get(id)!.outcome).toBe('unknown');
    expect(card.score).toBeLessThan(20);
    expect(byId.get('hpa-not-pinned-at-max')!.outcome).toBe('fail');

    // Each watch set lists, then opens its watch: let that settle, so
    // what follows counts only what views cost.
    let before = -1;
    while (before !== total(kube.clusters.prod.requestCounts)) {
      before = total(kube.clusters.prod.requestCounts);
      await new Promise(r => setTimeout(r, 1000));
    }
    for (let i = 0; i < 5; i++) await view();
    expect(total(kube.clusters.prod.requestCounts)).toBe(before);
  }, 60_000);
});
