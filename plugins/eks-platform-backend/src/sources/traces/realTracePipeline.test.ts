import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  buildFleet,
  startTracingStack,
  TracingStack,
  tracingStackAvailability,
} from '@internal/eks-platform-sandbox';
import { SnapshotStore } from '../../cache/SnapshotStore';
import { MemoryCache } from '../../__testUtils__/memoryCache';
import { fetchErrorTraces } from './jaegerErrorTraces';
import { JaegerSpmBackend } from './jaegerSpm';
import { PrometheusSpanMetricsBackend } from './prometheusSpanMetrics';
import { tracesForEntity } from './tracesForEntity';
import { pollTraces, StoredTraces } from './tracesPoller';

/*
 * The traces source against the real pipeline: OTLP spans from the sandbox's
 * emitter through the real OpenTelemetry Collector into the real Prometheus
 * (span metrics) and the real Jaeger (traces, SPM).
 */

const availability = tracingStackAvailability();
const describeWithPipeline = availability.available ? describe : describe.skip;
if (!availability.available) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the real trace pipeline tests: ${availability.reason}`,
  );
}

const fleet = buildFleet({
  catalogDir: path.join(
    path.dirname(
      require.resolve('@internal/eks-platform-sandbox/package.json'),
    ),
    'src/fleet/__fixtures__/catalog',
  ),
  faults: { highErrorRate: ['checkout'], highLatency: [], lowAvailability: [] },
});
const checkout = fleet.byName.get('checkout')!;
const checkoutOperations = checkout.routes
  .map(r => `${r.method} ${r.route}`)
  .sort();

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

describeWithPipeline(
  'traces from the real collector, Prometheus and Jaeger',
  () => {
    let stack: TracingStack;

    beforeAll(async () => {
      stack = await startTracingStack({
        fleet,
        clusters: ['prod', 'stage'],
        emitter: { intervalMs: 500, sampleOneIn: 8, errorSampleOneIn: 2 },
      });
      await stack.untilRate('checkout');
    }, 60_000);

    afterAll(() => stack?.close(), 30_000);

    it('reads RED metrics of server spans per service and operation from Prometheus', async () => {
      const backend = new PrometheusSpanMetricsBackend(
        stack.prometheus.prometheusUrl,
        1,
      );
      const metrics = await backend.fetch(
        ['checkout', 'inventory', 'nonexistent'],
        5000,
        new Date(),
      );
      const checkoutMetrics = metrics.get('checkout')!;
      // A service's rate is its SERVER spans, the sum over its routes: its
      // database and downstream CLIENT spans (as many again, twice) are not
      // counted.
      expect(checkoutMetrics.current.requestRate).toBeGreaterThan(0);
      expect(checkoutMetrics.current.requestRate).toBeCloseTo(
        checkoutMetrics.operations.reduce((sum, o) => sum + o.requestRate, 0),
        6,
      );
      expect(checkoutMetrics.current.errorRatio).toBeGreaterThan(0.08);
      expect(checkoutMetrics.current.latencyMs.p95).toBeGreaterThan(0);
      expect(metrics.get('inventory')!.current.errorRatio).toBeLessThan(0.08);
      expect(checkoutMetrics.operations.map(o => o.name).sort()).toEqual(
        checkoutOperations,
      );
      expect(checkoutMetrics.series.length).toBeGreaterThan(0);
      expect(metrics.has('nonexistent')).toBe(false);
    }, 30_000);

    it("reads the same figures through Jaeger's SPM API", async () => {
      const now = new Date();
      const [fromJaeger, fromPrometheus] = await Promise.all([
        new JaegerSpmBackend(stack.pipeline.jaegerUrl, 1).fetch(
          ['checkout', 'inventory'],
          5000,
          now,
        ),
        new PrometheusSpanMetricsBackend(
          stack.prometheus.prometheusUrl,
          1,
        ).fetch(['checkout', 'inventory'], 5000, now),
      ]);
      const jaeger = fromJaeger.get('checkout')!;
      const prometheus = fromPrometheus.get('checkout')!;
      expect(jaeger.current.requestRate).toBeGreaterThan(0);
      expect(jaeger.current.requestRate).toBeCloseTo(
        prometheus.current.requestRate,
        5,
      );
      expect(jaeger.current.errorRatio).toBeCloseTo(
        prometheus.current.errorRatio,
        5,
      );
      expect(jaeger.current.latencyMs.p95).toBeGreaterThan(0);
      expect(jaeger.operations.map(o => o.name).sort()).toEqual(
        checkoutOperations,
      );
      expect(fromJaeger.get('inventory')!.current.errorRatio).toBeLessThan(
        0.08,
      );
    }, 30_000);

    it('links recent error traces found through Jaeger API v3', async () => {
      const links = await until(async () => {
        const found = await fetchErrorTraces({
          jaegerUrl: stack.pipeline.jaegerUrl,
          uiUrl: 'https://jaeger.example.com',
          service: 'checkout',
          now: new Date(),
          lookbackMinutes: 5,
          timeoutMs: 5000,
        });
        return found.length > 0 ? found : undefined;
      }, 20_000);
      for (const link of links) {
        expect(link.url).toBe(
          `https://jaeger.example.com/trace/${link.traceId}`,
        );
        expect(link.traceId).toMatch(/^[0-9a-f]{32}$/);
        // The failed span is checkout's own, even in traces rooted elsewhere.
        expect(checkoutOperations).toContain(link.operation);
        expect(link.durationMs).toBeGreaterThan(0);
      }
      const trace = await (
        await fetch(
          `${stack.pipeline.jaegerUrl}/api/v3/traces/${links[0].traceId}`,
        )
      ).json();
      const statuses = trace.result.resourceSpans.flatMap((rs: any) =>
        rs.scopeSpans.flatMap((ss: any) =>
          ss.spans.map((s: any) => s.status?.code),
        ),
      );
      expect(statuses).toContain(2);
      // A service without traces in the window is no error: Jaeger answers 404.
      await expect(
        fetchErrorTraces({
          jaegerUrl: stack.pipeline.jaegerUrl,
          uiUrl: 'https://jaeger.example.com',
          service: 'nonexistent',
          now: new Date(),
          lookbackMinutes: 5,
          timeoutMs: 5000,
        }),
      ).resolves.toEqual([]);
    }, 30_000);

    it('polls both sources into what the Traces card shows', async () => {
      for (const source of ['prometheus', 'jaeger'] as const) {
        const config = {
          source,
          jaeger: {
            url: stack.pipeline.jaegerUrl,
            uiUrl: 'https://jaeger.example.com',
          },
          prometheus: { url: stack.prometheus.prometheusUrl },
          windowMinutes: 1,
        };
        const store = new SnapshotStore(new MemoryCache(), 0);
        const status = await until(async () => {
          await pollTraces({
            config,
            backend:
              source === 'prometheus'
                ? new PrometheusSpanMetricsBackend(config.prometheus.url, 1)
                : new JaegerSpmBackend(config.jaeger.url, 1),
            store,
            services: ['checkout'],
            timeoutMs: 5000,
            logger: mockServices.logger.mock(),
          });
          const s = tracesForEntity(
            await store.get<StoredTraces>('traces', 'checkout'),
            'checkout',
            config,
          );
          return s.data!.errorTraces.length > 0 ? s : undefined;
        }, 20_000);
        expect(status.state).toBe('ok');
        expect(status.data!.current.requestRate).toBeGreaterThan(0);
        expect(status.data!.current.errorRatio).toBeGreaterThan(0.08);
        expect(status.data!.jaegerUrl).toBe(
          'https://jaeger.example.com/search?service=checkout',
        );
      }
    }, 60_000);
  },
);
