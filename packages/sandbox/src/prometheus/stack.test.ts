import path from 'node:path';
import { buildFleet } from '../fleet';
import { TrafficModel } from '../workload/traffic';
import { startMetricsExporter } from './exporter';
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

describeWithBinaries('Prometheus → Alertmanager with the real binaries', () => {
  it('fires ServiceHighErrorRate for the faulty service with the contract labels', async () => {
    const fleet = buildFleet({ catalogDir });
    const faulty = fleet.services.find(s => s.faults.highErrorRate)!;
    const exporter = await startMetricsExporter({
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
    const stack = await startPrometheusStack({
      services: fleet.services,
      exporterUrl: exporter.url,
      ruleTiming: {
        errorFor: '3s',
        latencyFor: '3s',
        availabilityFor: '3s',
        rateWindow: '10s',
      },
    });
    try {
      const rules = await (
        await fetch(`${stack.prometheusUrl}/api/v1/rules`)
      ).json();
      const alertNames = rules.data.groups.flatMap((g: any) =>
        g.rules.map((r: any) => r.name),
      );
      expect(alertNames).toContain('ServiceHighErrorRate');
      expect(alertNames).toContain('ServiceLowAvailability');

      const alert = await poll(async () => {
        const res = await fetch(
          `${stack.alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent(
            'alertname="ServiceHighErrorRate"',
          )}`,
        );
        const alerts: any[] = await res.json();
        return alerts.find(a => a.labels.service === faulty.name);
      }, 60_000);
      expect(alert.labels).toMatchObject({
        alertname: 'ServiceHighErrorRate',
        service: faulty.name,
        namespace: faulty.namespace,
        team: faulty.team,
        severity: 'critical',
      });
      expect(alert.annotations.runbook_url).toMatch(/^https:\/\//);
      expect(alert.annotations.summary).toContain(faulty.name);
      expect(alert.annotations.description).toMatch(/%/);
      expect(alert.status.state).toBe('active');

      // Healthy services do not fire.
      const all: any[] = await (
        await fetch(`${stack.alertmanagerUrl}/api/v2/alerts`)
      ).json();
      const errorAlerts = all.filter(
        a => a.labels.alertname === 'ServiceHighErrorRate',
      );
      expect(errorAlerts.map(a => a.labels.service)).toEqual([faulty.name]);
    } finally {
      await stack.close();
      await exporter.close();
    }
  }, 90_000);
});
