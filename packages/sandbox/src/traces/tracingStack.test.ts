import path from 'node:path';
import { buildFleet } from '../fleet';
import {
  startTracingStack,
  TracingStack,
  tracingStackAvailability,
} from './tracingStack';

/*
 * Spans the emitter sends go through the real OpenTelemetry Collector: its
 * span metrics connector counts them (with their sampling's adjusted counts)
 * into the real Prometheus, and Jaeger stores the traces and answers API v3
 * and SPM queries.
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
  catalogDir: path.join(__dirname, '..', 'fleet', '__fixtures__', 'catalog'),
  faults: { highErrorRate: ['checkout'], highLatency: [], lowAvailability: [] },
});

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms (${last ?? 'no data'})`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

describeWithPipeline('the real trace pipeline', () => {
  let stack: TracingStack;

  beforeAll(async () => {
    stack = await startTracingStack({
      fleet,
      clusters: ['prod', 'dev'],
      // Only the test's flushes send: it compares exact totals.
      emitter: { intervalMs: 3_600_000, sampleOneIn: 4, errorSampleOneIn: 2 },
    });
    for (let i = 0; i < 4; i++) {
      await new Promise(r => setTimeout(r, 400));
      await stack.emitter.flush();
    }
  }, 60_000);

  afterAll(() => stack?.close(), 30_000);

  async function promQuery(query: string) {
    const res = await fetch(
      `${
        stack.prometheus.prometheusUrl
      }/api/v1/query?query=${encodeURIComponent(query)}`,
    );
    const body = await res.json();
    return body.data.result as Array<{
      metric: Record<string, string>;
      value: [number, string];
    }>;
  }

  it('counts every emitted server span in Prometheus, per environment, with adjusted counts', async () => {
    expect(stack.emitter.stats.failedBatches).toBe(0);
    for (const environment of ['prod', 'dev']) {
      const sent = stack.emitter.stats.serverCalls('checkout', environment);
      expect(sent.spans).toBeGreaterThan(0);
      expect(sent.calls).toBeGreaterThan(sent.spans);
      const selector = `service_name="checkout",span_kind="SPAN_KIND_SERVER",deployment_environment="${environment}"`;
      await until(`span metrics of checkout in ${environment}`, async () => {
        const [calls] = await promQuery(
          `sum(traces_span_metrics_calls_total{${selector}})`,
        );
        const [errors] = await promQuery(
          `sum(traces_span_metrics_calls_total{${selector},status_code="STATUS_CODE_ERROR"})`,
        );
        return Number(calls?.value[1]) === sent.calls &&
          Number(errors?.value[1] ?? 0) === sent.errors
          ? true
          : undefined;
      });
    }
    const series = await promQuery(
      'traces_span_metrics_duration_milliseconds_count{service_name="checkout"}',
    );
    expect(new Set(series.map(s => s.metric.span_kind))).toEqual(
      new Set(['SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT']),
    );
    expect(series.map(s => s.metric.span_name)).toContain('SELECT checkout');
    const buckets = await promQuery(
      'traces_span_metrics_duration_milliseconds_bucket{service_name="checkout",span_kind="SPAN_KIND_SERVER"}',
    );
    expect(new Set(buckets.map(b => b.metric.le))).toContain('+Inf');
  }, 40_000);

  it('stores the traces in Jaeger, with the downstream service in the same trace', async () => {
    const jaeger = stack.pipeline.jaegerUrl;
    const services = await until('services in Jaeger', async () => {
      const body = await (await fetch(`${jaeger}/api/v3/services`)).json();
      return body.services?.includes('payments-service')
        ? body.services
        : undefined;
    });
    expect(services).toEqual(
      expect.arrayContaining(['checkout', 'inventory', 'payments-service']),
    );
    const now = new Date();
    const query = new URLSearchParams({
      'query.service_name': 'checkout',
      'query.start_time_min': new Date(now.getTime() - 600_000).toISOString(),
      'query.start_time_max': new Date(now.getTime() + 60_000).toISOString(),
      'query.num_traces': '50',
    });
    const body = await (await fetch(`${jaeger}/api/v3/traces?${query}`)).json();
    const spans = body.result.resourceSpans.flatMap((rs: any) =>
      rs.scopeSpans.flatMap((ss: any) =>
        ss.spans.map((span: any) => ({
          ...span,
          service: rs.resource.attributes.find(
            (a: any) => a.key === 'service.name',
          ).value.stringValue,
          environment: rs.resource.attributes.find(
            (a: any) => a.key === 'deployment.environment',
          ).value.stringValue,
        })),
      ),
    );
    const roots = spans.filter(
      (s: any) => !s.parentSpanId && s.service === 'checkout',
    );
    expect(roots.length).toBeGreaterThan(0);
    const root = roots[0];
    const trace = spans.filter((s: any) => s.traceId === root.traceId);
    const client = trace.find(
      (s: any) =>
        s.parentSpanId === root.spanId && s.name !== 'SELECT checkout',
    );
    expect(client).toMatchObject({ kind: 3, service: 'checkout' });
    expect(
      trace.find((s: any) => s.parentSpanId === client.spanId),
    ).toMatchObject({
      kind: 2,
      service: 'payments-service',
      environment: root.environment,
    });
    expect(root.traceState).toMatch(/^ot=th:/);
    const failed = spans.find(
      (s: any) =>
        s.service === 'checkout' && s.status?.code === 2 && !s.parentSpanId,
    );
    expect(failed.events[0].name).toBe('exception');
  }, 40_000);

  it("answers Jaeger's SPM queries from the span metrics in the real Prometheus", async () => {
    const rate = await until('SPM call rate of checkout', async () => {
      // A rate needs the counter to grow between scrapes.
      await stack.emitter.flush();
      const params = new URLSearchParams({
        service: 'checkout',
        endTs: String(Date.now()),
        lookback: '60000',
        step: '5000',
        ratePer: '60000',
      });
      const res = await fetch(
        `${stack.pipeline.jaegerUrl}/api/metrics/calls?${params}`,
      );
      const body = await res.json();
      const points = body.metrics?.[0]?.metricPoints ?? [];
      const value = points[points.length - 1]?.gaugeValue?.doubleValue;
      return value > 0 ? value : undefined;
    });
    expect(rate).toBeGreaterThan(0);
  }, 40_000);
});
