/* eslint-disable no-script-url -- hostile javascript: URLs are the input under test */
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import {
  buildFleet,
  detectPrometheusBinaries,
  startMetricsExporter,
  startPrometheusStack,
  TrafficModel,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import eksPlatformPlugin from '.';
import { component } from './__testUtils__/entities';

/*
 * The status API's own limits, through the real backend wiring: the batch
 * cap, the per-caller rate limit (429 with Retry-After and a Backstage
 * error body), and links from a real Alertmanager that are not http(s).
 */
const binaries = detectPrometheusBinaries();
const describeWithAlertmanager = binaries.available ? describe : describe.skip;
if (!binaries.available) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the status API limit tests: ${binaries.missing.join(
      ' and ',
    )} not installed (apt-get install prometheus prometheus-alertmanager)`,
  );
}

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const entities = [
  component('checkout', {
    'eks.platform/alert-matchers': 'service="checkout"',
  }),
  ...Array.from({ length: 9 }, (_, i) => component(`svc-${i}`)),
];

describeWithAlertmanager('status API limits', () => {
  let stack: Awaited<ReturnType<typeof startPrometheusStack>>;
  let exporter: Awaited<ReturnType<typeof startMetricsExporter>>;

  beforeAll(async () => {
    const fleet = buildFleet({
      catalogDir: path.join(
        path.dirname(
          require.resolve('@internal/eks-platform-sandbox/package.json'),
        ),
        'src/fleet/__fixtures__/catalog',
      ),
    });
    exporter = await startMetricsExporter({
      fleet,
      traffic: new TrafficModel(fleet),
      deployments: () => [],
    });
    stack = await startPrometheusStack({
      services: fleet.services,
      exporterUrl: exporter.url,
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await exporter?.close();
  });

  async function backend() {
    return startTestBackend({
      features: [
        eksPlatformPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            eksPlatform: {
              alertmanager: {
                instances: [{ name: 'main', url: stack.alertmanagerUrl }],
              },
              status: {
                query: { maxEntities: 5, maxFullEntities: 3 },
                rateLimit: { entitiesPerSecond: 1, burst: 5 },
              },
            },
          },
        }),
      ],
    });
  }

  it('refuses a batch above the cap with 400 naming the cap, before counting it', async () => {
    const { server } = await backend();
    const refs = entities
      .slice(0, 6)
      .map(e => `component:default/${e.metadata.name}`);
    const tooMany = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ entityRefs: refs, view: 'summary' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toEqual({
      name: 'InputError',
      message:
        'entityRefs has 6 entries; with view "summary" ask for at most 5 per request (eksPlatform.status.query.maxEntities): split the list into batches',
    });
    const full = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ entityRefs: refs.slice(0, 4) });
    expect(full.status).toBe(400);
    expect(full.body.error.message).toMatch(
      /with view "full" ask for at most 3 per request \(eksPlatform\.status\.query\.maxFullEntities\)/,
    );
    // Refused requests cost nothing: the whole burst is still there.
    const ok = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ entityRefs: refs.slice(0, 5), view: 'summary' });
    expect(ok.status).toBe(200);
    expect(ok.body.items).toHaveLength(5);
  });

  it('answers a burst from one user with 429 and Retry-After while another user is served', async () => {
    const { server } = await backend();
    const get = (user: string) =>
      request(server)
        .get('/api/eks-platform/v1/status/component/default/svc-0')
        .set('Authorization', mockCredentials.user.header(user));
    const batch = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({
        entityRefs: ['svc-1', 'svc-2', 'svc-3', 'svc-4'],
        view: 'summary',
      });
    expect(batch.status).toBe(200);
    expect((await get(ALICE)).status).toBe(200); // the 5th entity read

    const limited = await get(ALICE);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({
      error: {
        name: 'TooManyRequestsError',
        message: expect.stringMatching(
          /^Too many status reads: each caller may read 1 entity statuses per second, 5 at once \(eksPlatform\.status\.rateLimit\); this request reads 1\. Retry after \d+ s\.$/,
        ),
      },
      request: {
        method: 'GET',
        url: '/v1/status/component/default/svc-0',
      },
      response: { statusCode: 429 },
    });
    const limitedBatch = await request(server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ entityRefs: ['svc-1', 'svc-2', 'svc-3'], view: 'summary' });
    expect(limitedBatch.status).toBe(429);
    expect(Number(limitedBatch.headers['retry-after'])).toBeGreaterThanOrEqual(
      3,
    );

    // Bob has his own bucket; so does a calling service.
    expect((await get(BOB)).status).toBe(200);
    const service = await request(server)
      .get('/api/eks-platform/v1/status/component/default/svc-0')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(200);

    // After the announced delay Alice is served again.
    await new Promise(r =>
      setTimeout(r, Number(limited.headers['retry-after']) * 1000),
    );
    expect((await get(ALICE)).status).toBe(200);
  }, 20_000);

  it('never returns a javascript: runbook URL from a real Alertmanager', async () => {
    const response = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: {
            alertname: 'CheckoutDown',
            service: 'checkout',
            severity: 'critical',
          },
          annotations: {
            summary: 'checkout is down',
            runbook_url: 'javascript:alert(1)',
          },
          startsAt: new Date().toISOString(),
        },
        {
          labels: {
            alertname: 'CheckoutSlow',
            service: 'checkout',
            severity: 'warning',
          },
          annotations: {
            summary: 'checkout is slow',
            runbook_url: 'https://runbooks.example.com/checkout-slow',
          },
          startsAt: new Date().toISOString(),
        },
      ]),
    });
    expect(response.status).toBe(200);
    // Alertmanager itself keeps and serves the hostile link as it was sent.
    const stored = await (
      await fetch(
        `${stack.alertmanagerUrl}/api/v2/alerts?filter=service%3D%22checkout%22`,
      )
    ).json();
    expect(JSON.stringify(stored)).toContain('javascript:alert(1)');

    const { server } = await backend();
    let body: EntityPlatformStatus | undefined;
    const end = Date.now() + 20_000;
    while (Date.now() < end) {
      const res = await request(server)
        .get('/api/eks-platform/v1/status/component/default/checkout')
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/poll-${Date.now()}`),
        );
      body = res.body;
      if (body?.sources?.alerts?.data?.alerts?.length === 2) break;
      await new Promise(r => setTimeout(r, 500));
    }
    const alerts = body!.sources.alerts.data!.alerts;
    expect(alerts.map(a => [a.name, a.runbookUrl])).toEqual([
      ['CheckoutDown', undefined],
      ['CheckoutSlow', 'https://runbooks.example.com/checkout-slow'],
    ]);
    expect(alerts[0].summary).toBe('checkout is down');
    expect(JSON.stringify(body)).not.toMatch(/javascript:/i);
  }, 30_000);
});
