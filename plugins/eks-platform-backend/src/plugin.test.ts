import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityPlatformStatus,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  ArgoCdSimulator,
  buildFleet,
  KubernetesClusters,
  startArgoCdSimulator,
  startKubernetesClusters,
  startTracingStack,
  TracingStack,
  tracingStackAvailability,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import eksPlatformPlugin from '.';
import { annotatedService, component } from './__testUtils__/entities';
import { checkoutObjects, seed } from './__testUtils__/kubeFixtures';

const KUBE_TOKEN = 'kube-secret-token-1234567890';
const ARGO_TOKEN = 'argocd-secret-token-abcdefgh';
const AM_PASSWORD = 'alertmanager-basic-pass-xyz';
const SECRETS = [KUBE_TOKEN, ARGO_TOKEN, AM_PASSWORD];

// Traces come from the real pipeline (collector + Jaeger + Prometheus); where
// it cannot run (not built, Prometheus not installed) the suite is skipped,
// saying why. `npm test` builds and installs both.
const tracing = tracingStackAvailability();
const describeWithTracing = tracing.available ? describe : describe.skip;
if (!tracing.available) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping the status API tests: ${tracing.reason}`);
}

describeWithTracing('eks-platform status API', () => {
  let kube: KubernetesClusters;
  let argo: ArgoCdSimulator;
  let traces: TracingStack;
  const logLines: string[] = [];

  beforeAll(async () => {
    kube = await startKubernetesClusters({
      clusters: [{ name: 'prod' }],
      readerToken: KUBE_TOKEN,
      crds: [],
    });
    await seed(kube.clusters.prod.client, checkoutObjects());
    argo = await startArgoCdSimulator({
      token: ARGO_TOKEN,
      applications: [
        {
          metadata: {
            name: 'checkout',
            namespace: 'argocd',
            labels: { team: 'payments' },
          },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://github.com/acme/gitops',
              path: 'apps/checkout',
              targetRevision: 'main',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'shop',
            },
            // As eks:argocd:register writes it: deployed at the branch's
            // head, so Synced (without it the seeded app is OutOfSync).
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        } as any,
      ],
    });
    const withCheckout = buildFleet({
      catalogDir: require('node:path').join(
        require.resolve('@internal/eks-platform-sandbox/package.json'),
        '..',
        'src/fleet/__fixtures__/catalog',
      ),
      faults: {
        highErrorRate: ['checkout'],
        highLatency: [],
        lowAvailability: [],
      },
    });
    traces = await startTracingStack({
      fleet: withCheckout,
      emitter: { intervalMs: 500, sampleOneIn: 8, errorSampleOneIn: 2 },
    });
    await traces.untilRate('checkout');
  }, 120_000);

  afterAll(async () => {
    await Promise.all([kube?.close(), argo?.close(), traces?.close()]);
  }, 30000);

  beforeEach(() => {
    logLines.length = 0;
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logLines.push(
          args
            .map(a => (typeof a === 'string' ? a : JSON.stringify(a)))
            .join(' '),
        );
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  async function backend(
    options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
  ) {
    return startTestBackend({
      features: [
        eksPlatformPlugin,
        mockServices.rootLogger.factory({ level: 'debug' }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalogServiceMock.factory({
          entities: [
            annotatedService('checkout'),
            component('website'),
            annotatedService('payments', 'pay'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'prod',
                      url: kube.clusters.prod.url,
                      caData: kube.clusters.prod.caData,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: KUBE_TOKEN,
                    },
                  ],
                },
              ],
            },
            eksPlatform: {
              argocd: {
                instances: [{ name: 'main', url: argo.url, token: ARGO_TOKEN }],
              },
              // A dead Alertmanager behind credentials in its URL: must fail fast and never leak.
              alertmanager: {
                instances: [
                  {
                    name: 'main',
                    url: `http://admin:${AM_PASSWORD}@127.0.0.1:9`,
                  },
                ],
              },
              traces: {
                source: 'jaeger',
                jaeger: {
                  url: traces.pipeline.jaegerUrl,
                  uiUrl: 'https://jaeger.example.com',
                },
                windowMinutes: 1,
              },
              status: {
                deadlineMs: {
                  kubernetes: 2000,
                  alerts: 1500,
                  traces: 1500,
                  argocd: 1500,
                },
              },
            },
          },
        }),
      ],
    });
  }

  function expectNoSecrets(body: unknown) {
    const text = JSON.stringify(body);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer |k8s-aws-v1\.|:\/\/[^/@\s"]+:[^/@\s"]+@/);
  }

  it('serves one entity with every source, a health summary and no secrets', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/eks-platform/v1/status/component/default/checkout')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body = res.body as EntityPlatformStatus;
    expect(body.entityRef).toBe('component:default/checkout');
    expect(body.sources.kubernetes.state).toBe('ok');
    expect(body.sources.kubernetes.data!.clusters[0]).toMatchObject({
      cluster: 'prod',
      hpas: [expect.objectContaining({ pinnedAtMax: true })],
      pdbs: [expect.objectContaining({ blocksDrains: true })],
    });
    expect(body.sources.argocd).toMatchObject({
      state: 'ok',
      data: {
        applications: [
          expect.objectContaining({
            instance: 'main',
            name: 'checkout',
            syncStatus: 'Synced',
            healthStatus: 'Healthy',
          }),
        ],
      },
    });
    expect(body.sources.traces).toMatchObject({ state: 'ok' });
    expect(body.sources.traces.data!.current.requestRate).toBeGreaterThan(0);
    expect(body.sources.traces.data!.current.errorRatio).toBeGreaterThan(0.05);
    expect(body.sources.traces.data!.operations.length).toBeGreaterThan(0);
    expect(body.sources.traces.data!.jaegerUrl).toBe(
      'https://jaeger.example.com/search?service=checkout',
    );
    expect(body.sources.alerts.state).toBe('error');
    expect(body.sources.alerts.error).toMatchObject({
      upstream: 'alertmanager/main',
      message: expect.any(String),
    });
    expect(body.health.level).toBe('critical');
    expect(body.health.reasons.join('\n')).toMatch(/requests fail/);
    expect(body.health.reasons.join('\n')).toMatch(/pinned at max/);
    expectNoSecrets(body);
    for (const line of logLines)
      for (const secret of SECRETS) expect(line).not.toContain(secret);
  }, 20000);

  it('answers the summary view of a demo service in at most 8 KB, with the full view’s verdict', async () => {
    const { server } = await backend();
    const get = (query: string) =>
      request(server)
        .get(`/api/eks-platform/v1/status/component/default/checkout${query}`)
        .set('Authorization', mockCredentials.user.header());
    const full = await get('');
    const summary = await get('?view=summary');
    expect(summary.status).toBe(200);
    expect(Buffer.byteLength(summary.text, 'utf8')).toBeLessThanOrEqual(
      8 * 1024,
    );
    const body = summary.body as EntityPlatformStatus;
    expect(body.health.level).toBe(full.body.health.level);
    expect(body.sources.kubernetes.data!.clusters[0].pods).toEqual([]);
    expect(
      full.body.sources.kubernetes.data.clusters[0].pods.length,
    ).toBeGreaterThan(0);
    expect(body.sources.kubernetes.data!.clusters[0].hpas[0]).toMatchObject({
      pinnedAtMax: true,
      conditions: [],
    });
    expect(body.sources.traces.data!.current.requestRate).toBeGreaterThan(0);
    expectNoSecrets(body);
  }, 20000);

  it('answers many entities in one round trip, with unknown ones as errors', async () => {
    const { server } = await backend();
    const res = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.service.header())
      .send({
        entityRefs: [
          'component:default/checkout',
          'website',
          'component:default/ghost',
        ],
        view: 'summary',
      });
    expect(res.status).toBe(200);
    const body = res.body as StatusQueryResponse;
    expect(body.items.map(i => i.entityRef)).toEqual([
      'component:default/checkout',
      'component:default/website',
    ]);
    expect(body.errors).toEqual([
      {
        entityRef: 'component:default/ghost',
        error: {
          name: 'NotFoundError',
          message: 'Entity component:default/ghost not found',
        },
      },
    ]);
    expect(body.items[0].sources.kubernetes.data!.clusters[0].pods).toEqual([]);
    expect(body.items[0].sources.traces.data!.series).toEqual([]);
    const website = body.items[1];
    expect(website.sources.kubernetes).toEqual({
      state: 'not-configured',
      hint: expect.stringContaining('backstage.io/kubernetes-id'),
    });
    expect(website.health.level).toBe('unknown');
    expectNoSecrets(body);
  }, 20000);

  it('rejects bad query bodies with what to fix', async () => {
    const { server } = await backend();
    const res = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRefs: 'checkout' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('non-empty array'),
    });
  });

  it('returns 404 for an entity the catalog does not show the caller', async () => {
    const { server } = await backend();
    const res = await request(server)
      .get('/api/eks-platform/v1/status/component/default/hidden')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });

  it('returns 403 and no data when the status permission is denied', async () => {
    const { server } = await backend({ permission: AuthorizeResult.DENY });
    const one = await request(server)
      .get('/api/eks-platform/v1/status/component/default/checkout')
      .set('Authorization', mockCredentials.user.header());
    expect(one.status).toBe(403);
    expect(one.body.error.name).toBe('NotAllowedError');
    expect(one.body.sources).toBeUndefined();
    const many = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRefs: ['component:default/checkout'] });
    expect(many.status).toBe(403);
    expect(JSON.stringify(many.body)).not.toContain('deployments');
  });

  it('requires credentials everywhere but /health', async () => {
    const { server } = await backend();
    expect((await request(server).get('/api/eks-platform/health')).status).toBe(
      200,
    );
    const anonymous = await request(server)
      .get('/api/eks-platform/v1/status/component/default/checkout')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const noHeader = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.none.header())
      .send({ entityRefs: ['checkout'] });
    expect(noHeader.status).toBe(401);
  });
});
