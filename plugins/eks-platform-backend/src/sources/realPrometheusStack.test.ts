import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { buildFleet } from '@internal/eks-platform-sandbox';
import {
  detectPrometheusBinaries,
  startMetricsExporter,
  startPrometheusStack,
} from '@internal/eks-platform-sandbox';
import { TrafficModel } from '@internal/eks-platform-sandbox';
import { combineSnapshots } from '../cache/combineSnapshots';
import { pollInstances } from '../cache/polling';
import { SnapshotStore } from '../cache/SnapshotStore';
import { MemoryCache } from '../__testUtils__/memoryCache';
import {
  fetchAlertmanagerAlerts,
  StoredAlert,
} from './alerts/alertmanagerPoller';
import { alertsForEntity } from './alerts/alertsForEntity';
import { alertFactsFor } from './alerts/alertFacts';
import { ownerReceivers } from './alerts/alertFactsConfig';
import {
  fetchAlertmanagerRouting,
  fetchPrometheusAlertRules,
} from './alerts/alertRoutingPoller';
import { parseMatchers } from './alerts/matchers';
import { PrometheusSpanMetricsBackend } from './traces/prometheusSpanMetrics';

const binaries = detectPrometheusBinaries();
const describeWithBinaries = binaries.available ? describe : describe.skip;
const catalogDir = path.join(
  path.dirname(require.resolve('@internal/eks-platform-sandbox/package.json')),
  'src/fleet/__fixtures__/catalog',
);

async function until<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 500));
  }
}

// Span metrics from the real collector: traces/realTracePipeline.test.ts.
describeWithBinaries('alerts from the real Prometheus and Alertmanager', () => {
  const fleet = buildFleet({
    catalogDir,
    faults: {
      highErrorRate: ['checkout'],
      highLatency: [],
      lowAvailability: [],
      hpaPinned: [],
    },
  });
  let exporter: Awaited<ReturnType<typeof startMetricsExporter>>;
  let stack: Awaited<ReturnType<typeof startPrometheusStack>>;

  beforeAll(async () => {
    exporter = await startMetricsExporter({
      fleet,
      traffic: new TrafficModel(fleet),
      deployments: () =>
        fleet.services.map(s => ({
          cluster: 'prod',
          namespace: s.namespace,
          service: s.name,
          ready: 3,
          desired: 3,
        })),
    });
    stack = await startPrometheusStack({
      services: fleet.services,
      exporterUrl: exporter.url,
      // The chart's burn-rate alerts fire within seconds of a steady fault;
      // the health alerts wait 5 s instead of 5–15 min.
      ruleTiming: { healthFor: '5s' },
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await exporter?.close();
  });

  it('shows a firing alert by the contract matchers, and a silenced one as silenced', async () => {
    const am = stack.alertmanagerUrl;
    // A warning for inventory, silenced by an operator.
    const startsAt = new Date().toISOString();
    await fetch(`${am}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: {
            alertname: 'ServiceLatencyBudgetBurnSlow',
            service: 'inventory',
            namespace: 'shop',
            severity: 'warning',
            slo: 'latency',
            team: 'logistics',
          },
          annotations: {
            summary:
              'inventory is burning its latency error budget steadily (ticket)',
          },
          startsAt,
        },
      ]),
    });
    const silence = await fetch(`${am}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [
          {
            name: 'service',
            value: 'inventory',
            isRegex: false,
            isEqual: true,
          },
        ],
        startsAt,
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'test',
        comment: 'maintenance',
      }),
    });
    expect(silence.status).toBe(200);

    const store = new SnapshotStore(new MemoryCache(), 0);
    const instance = { name: 'main', url: am };
    const poll = () =>
      pollInstances({
        store,
        source: 'alerts',
        instances: ['main'],
        logger: mockServices.logger.mock(),
        fetch: () => fetchAlertmanagerAlerts(instance, 5000),
      });
    const statusFor = async (matchers: string) => {
      const snapshot = await store.get<StoredAlert[]>('alerts', 'main');
      return alertsForEntity(
        combineSnapshots([
          { instance: 'main', upstream: 'alertmanager/main', snapshot },
        ]),
        parseMatchers(matchers),
        new Map([['main', 'https://alertmanager.example.com']]),
      );
    };

    const checkout = await until(async () => {
      await poll();
      const s = await statusFor('service="checkout"');
      return s.data!.alerts.some(
        a => a.name === 'ServiceAvailabilityBudgetBurnFast',
      )
        ? s
        : undefined;
    }, 60_000);
    expect(checkout.state).toBe('ok');
    const page = checkout.data!.alerts.find(
      a => a.name === 'ServiceAvailabilityBudgetBurnFast',
    )!;
    expect(page).toMatchObject({
      name: 'ServiceAvailabilityBudgetBurnFast',
      severity: 'critical',
      state: 'active',
      silenced: false,
      alertmanager: 'main',
      labels: expect.objectContaining({
        service: 'checkout',
        team: 'payments',
        namespace: 'shop',
      }),
      // The sandbox's runbooks are the portal's TechDocs pages (http on localhost).
      runbookUrl: expect.stringMatching(
        /^http:\/\/localhost:3000\/docs\/default\/component\/[a-z-]+\/runbook\/#serviceavailabilitybudgetburnfast$/,
      ),
    });
    expect(page.url).toMatch(
      /^https:\/\/alertmanager\.example\.com\/#\/alerts\?/,
    );
    expect(
      checkout.data!.alerts.every(a => a.labels.service === 'checkout'),
    ).toBe(true);

    const inventory = await until(async () => {
      await poll();
      const s = await statusFor('service="inventory"');
      return s.data!.alerts.some(a => a.silenced) ? s : undefined;
    }, 20_000);
    expect(inventory.data!.alerts).toEqual([
      expect.objectContaining({
        name: 'ServiceLatencyBudgetBurnSlow',
        silenced: true,
        state: 'suppressed',
      }),
    ]);
  }, 90_000);

  it('finds the chart rules of a service and routes its alerts through the running Alertmanager tree to its team', async () => {
    const rules = await fetchPrometheusAlertRules(
      { name: 'main', url: stack.prometheusUrl },
      5000,
    );
    const tree = await fetchAlertmanagerRouting(
      { name: 'main', url: stack.alertmanagerUrl },
      5000,
    );
    const factsFor = (owner: string, teamReceivers = new Map()) =>
      alertFactsFor({
        matchers: parseMatchers('service="checkout"'),
        rules: { prometheus: 'main', rules },
        trees: [{ alertmanager: 'main', tree }],
        ownerReceivers: ownerReceivers({ teamReceivers }, owner),
      });

    const checkout = factsFor('group:default/payments');
    expect(checkout.rules!.names).toEqual(
      expect.arrayContaining([
        'ServiceAvailabilityBudgetBurnFast',
        'ServiceLatencyBudgetBurnSlow',
        'ServiceTargetAbsent',
      ]),
    );
    // Only rules that carry every matcher: none is checkout's and web's.
    expect(
      alertFactsFor({
        matchers: parseMatchers('service="checkout",team="web"'),
        rules: { prometheus: 'main', rules },
        trees: [],
        ownerReceivers: [],
      }).rules!.names,
    ).toEqual([]);
    expect(checkout.routing).toEqual([
      { alertmanager: 'main', receivers: ['payments'], reachesOwner: true },
    ]);

    // Owned by another team: the alerts still go to payments.
    expect(factsFor('group:default/web').routing![0].reachesOwner).toBe(false);
    // Unless the platform maps that team to the payments receiver.
    expect(
      factsFor(
        'group:default/web',
        new Map([['group:default/web', ['payments']]]),
      ).routing![0].reachesOwner,
    ).toBe(true);

    // No rule for an unknown service: its matchers' labels hit the catch-all.
    const nobody = alertFactsFor({
      matchers: parseMatchers('service="nobody"'),
      rules: { prometheus: 'main', rules },
      trees: [{ alertmanager: 'main', tree }],
      ownerReceivers: ['payments'],
    });
    expect(nobody.rules!.names).toEqual([]);
    expect(nobody.routing).toEqual([
      { alertmanager: 'main', receivers: ['unrouted'], reachesOwner: false },
    ]);
  });

  it('reports a PromQL failure as the upstream said it', async () => {
    const backend = new PrometheusSpanMetricsBackend(
      `${stack.prometheusUrl}/nope`,
      5,
    );
    await expect(backend.fetch(['checkout'], 2000, new Date())).rejects.toThrow(
      /HTTP 404/,
    );
  });
});
