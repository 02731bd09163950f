import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import {
  Sandbox,
  sandboxRunbookUrl,
  sandboxStatusConfig,
  SANDBOX_PORTAL_URL,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  DEMO_CATALOG_DIR,
  demoEntity,
  describeWithTracingStack,
} from './__testUtils__/sandboxBackend';
import eksPlatformPlugin from '.';

/*
 * Every link the status cards render for a demo service, read from the real
 * status API over a started sandbox (random ports), opens a page that
 * exists there: Argo CD's application page (the simulator's), Jaeger's
 * search and trace pages (the real Jaeger), Alertmanager's UI (the real
 * one), and the alert's runbook on the sandbox portal's TechDocs (the page
 * and its section exist in the docs the portal builds; the portal itself is
 * not started here).
 */
const describeWithStack = describeWithTracingStack('the sandbox link tests');

async function browse(url: string) {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

describeWithStack('links the status cards render in the sandbox', () => {
  let sandbox: Sandbox;
  let service: string;

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: 'random',
      clusters: ['prod'],
      control: false,
      prometheus: true,
      traces: true,
      spanEmitter: { intervalMs: 500, sampleOneIn: 4, errorSampleOneIn: 1 },
    });
    // A demo service the sandbox makes fail: it has error traces and alerts.
    service = sandbox.fleet.services.find(
      s => s.source === 'catalog' && s.faults.highErrorRate,
    )!.name;
  }, 240_000);

  afterAll(() => sandbox?.stop(), 60_000);

  async function status(): Promise<EntityPlatformStatus> {
    const { server } = await startTestBackend({
      features: [
        eksPlatformPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [demoEntity(service)] }),
        mockServices.rootConfig.factory({
          data: sandboxStatusConfig(sandbox),
        }),
      ],
    });
    const res = await request(server)
      .get(`/api/eks-platform/v1/status/component/default/${service}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Polls until the sources the links come from have data (alerts fire after their `for:`). */
  async function statusWithLinks(): Promise<EntityPlatformStatus> {
    const deadline = Date.now() + 150_000;
    for (;;) {
      const body = await status();
      const ready =
        (body.sources.argocd.data?.applications.length ?? 0) > 0 &&
        (body.sources.traces.data?.errorTraces.length ?? 0) > 0 &&
        (body.sources.alerts.data?.alerts.some(a => a.runbookUrl) ?? false);
      if (ready) return body;
      if (Date.now() > deadline) {
        throw new Error(
          `no links for ${service} within 150 s: ${JSON.stringify({
            argocd: body.sources.argocd.state,
            apps: body.sources.argocd.data?.applications.length,
            traces: body.sources.traces.state,
            errorTraces: body.sources.traces.data?.errorTraces.length,
            alerts: body.sources.alerts.data?.alerts.map(a => a.name),
          })}`,
        );
      }
      await new Promise(r => setTimeout(r, 3000));
    }
  }

  it('open pages that exist, with the content the card promises', async () => {
    const body = await statusWithLinks();

    // Argo CD: the application's page shows the sync and health the card shows.
    for (const app of body.sources.argocd.data!.applications) {
      const page = await browse(app.url);
      expect({ url: app.url, status: page.status }).toEqual({
        url: app.url,
        status: 200,
      });
      expect(page.type).toMatch(/^text\/html/);
      expect(page.text).toContain(`<h1>${app.name}</h1>`);
      expect(page.text).toContain(`<td>${app.syncStatus}</td>`);
    }

    // Jaeger: the real query service answers its UI routes (built without
    // the UI assets, it says so); each linked trace exists in its API.
    const traces = body.sources.traces.data!;
    expect(traces.jaegerUrl).toBe(
      `${sandbox.urls.jaeger}/search?service=${service}`,
    );
    const search = await browse(traces.jaegerUrl!);
    expect(search.status).toBe(200);
    expect(search.text).toMatch(/Jaeger UI/);
    for (const trace of traces.errorTraces) {
      expect(trace.url).toBe(`${sandbox.urls.jaeger}/trace/${trace.traceId}`);
      expect((await browse(trace.url)).status).toBe(200);
      const api = await fetch(
        `${sandbox.urls.jaeger}/api/v3/traces/${trace.traceId}`,
      );
      expect(api.status).toBe(200);
      expect(await api.text()).toContain(service);
    }

    // Alertmanager's UI and the runbook of every alert.
    const alerts = body.sources.alerts.data!.alerts;
    const serviceSpec = sandbox.fleet.byName.get(service)!;
    const runbook =
      serviceSpec.runbookUrl ??
      sandboxRunbookUrl(SANDBOX_PORTAL_URL, undefined);
    for (const alert of alerts) {
      const ui = await browse(alert.url!);
      expect(ui.status).toBe(200);
      expect(ui.text).toMatch(/Alertmanager/);
      expect(alert.runbookUrl).toBe(`${runbook}#${alert.name.toLowerCase()}`);
      const [, entity, page] = new URL(alert.runbookUrl!).pathname.match(
        /^\/docs\/default\/component\/([^/]+)\/([^/]+)\/$/,
      )!;
      const docs =
        entity === 'eks-platform-backstage'
          ? path.join(DEMO_CATALOG_DIR, '..', '..', 'docs')
          : path.join(DEMO_CATALOG_DIR, 'docs', entity, 'docs');
      const markdown = fs.readFileSync(path.join(docs, `${page}.md`), 'utf8');
      expect(markdown).toMatch(new RegExp(`^#+ ${alert.name}$`, 'm'));
    }
  }, 240_000);
});
