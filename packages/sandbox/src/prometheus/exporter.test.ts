import path from 'node:path';
import { buildFleet } from '../fleet';
import { TrafficModel } from '../workload/traffic';
import { CHART_DEFAULTS } from './chartRules';
import { startMetricsExporter } from './exporter';

const catalogDir = path.join(
  __dirname,
  '..',
  'fleet',
  '__fixtures__',
  'catalog',
);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict parser of the text format lines the exporter emits. */
function parse(text: string): {
  samples: Sample[];
  types: Map<string, string>;
} {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = line.match(/^# TYPE (\S+) (counter|gauge|histogram)$/);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (-?[0-9.e+]+)$/);
    if (!m) throw new Error(`not a valid sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of m[2].matchAll(
      /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g,
    )) {
      labels[pair[1]] = pair[2];
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}

describe('metrics exporter', () => {
  let now = Date.parse('2026-11-20T10:00:00Z');
  const fleet = buildFleet({ catalogDir });
  const traffic = new TrafficModel(fleet);

  it('serves the contract metrics with values that follow the traffic model', async () => {
    const exporter = await startMetricsExporter({
      fleet,
      traffic,
      clock: () => now,
      deployments: () => [
        {
          cluster: 'prod',
          namespace: 'shop',
          service: 'checkout',
          ready: 1,
          desired: 3,
        },
      ],
    });
    try {
      now += 60_000;
      const first = await fetch(`${exporter.url}/metrics`);
      expect(first.headers.get('content-type')).toBe(
        'text/plain; version=0.0.4; charset=utf-8',
      );
      const a = parse(await first.text());
      now += 60_000;
      const b = parse(await (await fetch(`${exporter.url}/metrics`)).text());

      expect(a.types.get('http_requests_total')).toBe('counter');
      expect(a.types.get('http_request_duration_seconds')).toBe('histogram');
      // Span metrics come from the real collector's span metrics connector.
      expect([...a.types.keys()].filter(n => n.startsWith('traces_'))).toEqual(
        [],
      );

      const sum = (
        s: Sample[],
        name: string,
        f: (l: Record<string, string>) => boolean,
      ) =>
        s
          .filter(x => x.name === name && f(x.labels))
          .reduce((n, x) => n + x.value, 0);

      for (const service of fleet.services) {
        const isService = (l: Record<string, string>) =>
          l.service === service.name;
        const totalA = sum(a.samples, 'http_requests_total', isService);
        const totalB = sum(b.samples, 'http_requests_total', isService);
        expect(totalB).toBeGreaterThan(totalA); // counters only grow
        const errors =
          sum(
            b.samples,
            'http_requests_total',
            l => isService(l) && /^5/.test(l.code),
          ) -
          sum(
            a.samples,
            'http_requests_total',
            l => isService(l) && /^5/.test(l.code),
          );
        const ratio = errors / (totalB - totalA);
        expect({ service: service.name, aboveThreshold: ratio > 0.05 }).toEqual(
          {
            service: service.name,
            aboveThreshold: service.faults.highErrorRate,
          },
        );
        // Requests per second in the ballpark of the model's rate.
        const modelRate = traffic.requestRate(service, now - 30_000);
        expect((totalB - totalA) / 60).toBeGreaterThan(modelRate * 0.8);
        expect((totalB - totalA) / 60).toBeLessThan(modelRate * 1.2);

        // Histogram: cumulative buckets, +Inf equals _count.
        for (const route of service.routes) {
          const buckets = b.samples.filter(
            x =>
              x.name === 'http_request_duration_seconds_bucket' &&
              isService(x.labels) &&
              x.labels.route === route.route &&
              x.labels.method === route.method,
          );
          const values = buckets.map(x => x.value);
          expect([...values].sort((x, y) => x - y)).toEqual(values);
          const countSample = b.samples.find(
            x =>
              x.name === 'http_request_duration_seconds_count' &&
              isService(x.labels) &&
              x.labels.route === route.route &&
              x.labels.method === route.method,
          )!;
          expect(buckets[buckets.length - 1].labels.le).toBe('+Inf');
          expect(buckets[buckets.length - 1].value).toBe(countSample.value);
        }
        // Healthy services stay within the chart's 99.9 % availability
        // budget, so only the faulty one burns it.
        expect({
          service: service.name,
          withinBudget: ratio < 1 - CHART_DEFAULTS.availabilityObjective,
        }).toEqual({
          service: service.name,
          withinBudget: !service.faults.highErrorRate,
        });
      }
      expect(b.samples).toContainEqual({
        name: 'kube_deployment_status_replicas_ready',
        labels: { cluster: 'prod', namespace: 'shop', deployment: 'checkout' },
        value: 1,
      });
      expect((await fetch(`${exporter.url}/other`)).status).toBe(404);
    } finally {
      await exporter.close();
    }
  });

  it('serves one service per target and the kube-state-metrics series on their own', async () => {
    const exporter = await startMetricsExporter({
      fleet,
      traffic,
      clock: () => now,
      deployments: () => [
        {
          cluster: 'prod',
          namespace: 'shop',
          service: 'checkout',
          ready: 1,
          desired: 3,
          hpa: { currentReplicas: 6, maxReplicas: 6 },
          crashLoopingPods: ['checkout-7d9f-abcde', 'checkout-7d9f-fghij'],
        },
      ],
    });
    try {
      now += 60_000;
      const one = parse(
        await (await fetch(`${exporter.url}/metrics?service=checkout`)).text(),
      );
      const names = new Set(one.samples.map(x => x.name));
      expect(names.has('kube_deployment_status_replicas_ready')).toBe(false);
      expect(
        new Set(
          one.samples.map(x => `${x.labels.namespace}/${x.labels.service}`),
        ),
      ).toEqual(new Set(['shop/checkout']));

      const kube = parse(
        await (await fetch(`${exporter.url}/metrics?scope=kube-state`)).text(),
      );
      expect(kube.samples.some(x => x.name.startsWith('http_'))).toBe(false);
      expect(
        kube.samples.filter(
          x => x.name === 'kube_pod_container_status_waiting_reason',
        ),
      ).toEqual(
        ['checkout-7d9f-abcde', 'checkout-7d9f-fghij'].map(pod => ({
          name: 'kube_pod_container_status_waiting_reason',
          labels: {
            cluster: 'prod',
            namespace: 'shop',
            pod,
            container: 'checkout',
            reason: 'CrashLoopBackOff',
          },
          value: 1,
        })),
      );
      const hpaLabels = {
        cluster: 'prod',
        namespace: 'shop',
        horizontalpodautoscaler: 'checkout',
      };
      expect(kube.samples).toContainEqual({
        name: 'kube_horizontalpodautoscaler_status_current_replicas',
        labels: hpaLabels,
        value: 6,
      });
      expect(kube.samples).toContainEqual({
        name: 'kube_horizontalpodautoscaler_spec_max_replicas',
        labels: hpaLabels,
        value: 6,
      });

      // A target of a service the exporter does not serve is down.
      const unknown = await fetch(`${exporter.url}/metrics?service=nope`);
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).message).toMatch(
        /no metrics for service 'nope'/,
      );
      const badScope = await fetch(`${exporter.url}/metrics?scope=pods`);
      expect(badScope.status).toBe(400);
      expect((await badScope.json()).message).toMatch(
        /only scope is kube-state/,
      );
    } finally {
      await exporter.close();
    }
  });

  it('puts the slow service above 500 ms at p95', async () => {
    const slow = fleet.services.find(s => s.faults.highLatency)!;
    const fast = fleet.services.find(s => !s.faults.highLatency)!;
    expect(traffic.latencyQuantileMs(slow, 0.95, now)).toBeGreaterThan(500);
    expect(traffic.latencyQuantileMs(fast, 0.95, now)).toBeLessThan(500);
  });
});
