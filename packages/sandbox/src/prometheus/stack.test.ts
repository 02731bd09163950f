import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildFleet, FleetService } from '../fleet';
import { findExecutable } from '../realServers/debianBinaries';
import { MemorySink } from '../workload/__testUtils__/memorySink';
import { WorkloadSimulator } from '../workload/simulator';
import { TrafficModel } from '../workload/traffic';
import { RULES_DIR, teamReceiver } from './config';
import { startMetricsExporter } from './exporter';
import { serviceChartValues, serviceRuleGroups } from './serviceRules';
import { detectPrometheusBinaries, startPrometheusStack } from './stack';

const catalogDir = path.join(
  __dirname,
  '..',
  'fleet',
  '__fixtures__',
  'catalog',
);
const binaries = detectPrometheusBinaries();
const describeWithBinaries = binaries.available ? describe : describe.skip;

if (!binaries.available) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the Prometheus → Alertmanager integration test: ${binaries.missing.join(
      ', ',
    )} missing (apt-get install prometheus prometheus-alertmanager)`,
  );
}

async function poll<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('startPrometheusStack without binaries', () => {
  it('says what is missing and how to install it', async () => {
    await expect(
      startPrometheusStack({
        services: [],
        exporterUrl: 'http://127.0.0.1:1',
        prometheusBinary: '/nonexistent/prometheus',
      }),
    ).rejects.toThrow(
      /\/nonexistent\/prometheus not found.*apt-get install prometheus prometheus-alertmanager/,
    );
  });
});

/** Firing alerts of a kind for a service, as Alertmanager's API lists them. */
async function alertsIn(
  alertmanagerUrl: string,
  alertname: string,
): Promise<any[]> {
  const res = await fetch(
    `${alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent(
      `alertname="${alertname}"`,
    )}`,
  );
  return res.json();
}

describeWithBinaries('Prometheus → Alertmanager with the real binaries', () => {
  it("fires the chart's alert of every demo fault mode, routed to the owning team", async () => {
    // One service per fault (the fixture catalog has three services, so
    // the fourth fault goes to a synthetic one).
    const fleet = buildFleet({
      catalogDir,
      extraServices: 1,
      faults: {
        highErrorRate: ['inventory'],
        highLatency: ['checkout'],
        lowAvailability: ['payments-service'],
        hpaPinned: ['svc-0001'],
      },
    });
    const traffic = new TrafficModel(fleet);
    // The real workload simulator (prod degrades the lowAvailability
    // service), fast HPA syncs so its autoscaler pins within seconds.
    const workload = new WorkloadSimulator({
      fleet,
      traffic,
      clusters: { prod: new MemorySink(), stage: new MemorySink() },
      tickMs: 500,
      hpaSyncMs: 1000,
      crashChance: 0,
      rolloutChance: 0,
    });
    await workload.ready();
    workload.start();
    const exporter = await startMetricsExporter({
      fleet,
      traffic,
      deployments: () => workload.readyReplicas(),
    });
    const stack = await startPrometheusStack({
      services: fleet.services,
      exporterUrl: exporter.url,
      ruleTiming: { healthFor: '5s' },
    });
    const byFault = (fault: keyof FleetService['faults']) =>
      fleet.services.find(s => s.faults[fault])!;
    try {
      // Prometheus loaded the chart's groups of every service.
      const rules = await (
        await fetch(`${stack.prometheusUrl}/api/v1/rules`)
      ).json();
      const loaded = rules.data.groups.map((g: any) => ({
        name: g.name,
        rules: g.rules.map((r: any) => r.name),
      }));
      const byName = (a: { name: string }, b: { name: string }) =>
        a.name.localeCompare(b.name);
      expect(loaded.sort(byName)).toEqual(
        fleet.services
          .flatMap(service =>
            serviceRuleGroups(service).map(g => ({
              name: g.name,
              rules: g.rules.map(r => ('alert' in r ? r.alert : r.record)),
            })),
          )
          .sort(byName),
      );

      const expectations: Array<[FleetService, string, string]> = [
        [
          byFault('highErrorRate'),
          'ServiceAvailabilityBudgetBurnFast',
          'critical',
        ],
        [byFault('highLatency'), 'ServiceLatencyBudgetBurnFast', 'critical'],
        [byFault('lowAvailability'), 'ServiceCrashLooping', 'warning'],
        [byFault('hpaPinned'), 'ServiceHpaAtMaxReplicas', 'warning'],
      ];
      for (const [service, alertname, severity] of expectations) {
        const alert = await poll(
          async () =>
            (
              await alertsIn(stack.alertmanagerUrl, alertname)
            ).find(a => a.labels.service === service.name),
          60_000,
        );
        expect(alert.labels).toMatchObject({
          alertname,
          service: service.name,
          namespace: service.namespace,
          team: service.team,
          severity,
        });
        expect(alert.receivers.map((r: any) => r.name)).toEqual([
          teamReceiver(service.team),
        ]);
        expect(alert.annotations.runbook_url).toBe(
          `${
            serviceChartValues(service).runbookBaseUrl
          }#${alertname.toLowerCase()}`,
        );
        expect(alert.annotations.summary).toContain(service.name);
        expect(alert.status.state).toBe('active');
      }
      const crashLoop = (
        await alertsIn(stack.alertmanagerUrl, 'ServiceCrashLooping')
      ).find(a => a.labels.service === byFault('lowAvailability').name);
      expect(crashLoop.annotations.description).toMatch(
        new RegExp(`^Pod ${byFault('lowAvailability').name}-\\S+ of `),
      );

      // Every service has its own scrape target, so none is absent; only
      // the faulty services burn their budgets.
      const up = await (
        await fetch(
          `${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent(
            'count(up{job="eks-platform-workloads"} == 1)',
          )}`,
        )
      ).json();
      expect(Number(up.data.result[0].value[1])).toBe(fleet.services.length);
      expect(
        await alertsIn(stack.alertmanagerUrl, 'ServiceTargetAbsent'),
      ).toEqual([]);
      const burning = (
        await Promise.all(
          [
            'ServiceAvailabilityBudgetBurnFast',
            'ServiceAvailabilityBudgetBurnSlow',
            'ServiceLatencyBudgetBurnFast',
            'ServiceLatencyBudgetBurnSlow',
          ].map(name => alertsIn(stack.alertmanagerUrl, name)),
        )
      ).flat();
      expect([...new Set(burning.map(a => a.labels.service))].sort()).toEqual(
        [byFault('highErrorRate').name, byFault('highLatency').name].sort(),
      );
    } finally {
      await stack.close();
      await exporter.close();
      await workload.stop();
    }
  }, 120_000);

  it('writes rule files promtool accepts', async () => {
    const fleet = buildFleet({ catalogDir });
    const stack = await startPrometheusStack({
      services: fleet.services,
      exporterUrl: 'http://127.0.0.1:1',
    });
    try {
      const files = fs.readdirSync(path.join(stack.workDir, RULES_DIR));
      expect(files).toHaveLength(fleet.services.length);
      // promtool comes with Debian's prometheus package, like prometheus.
      const promtool = findExecutable('promtool') ?? '/usr/bin/promtool';
      const result = spawnSync(promtool, ['check', 'rules', ...files], {
        cwd: path.join(stack.workDir, RULES_DIR),
        encoding: 'utf8',
      });
      const output = `${result.stdout}${result.stderr}`;
      expect(output.match(/SUCCESS/g)).toHaveLength(files.length);
      expect(result.status).toBe(0);
    } finally {
      await stack.close();
    }
  });
});
