import path from 'node:path';
import { buildFleet } from '../fleet';
import { TrafficModel } from '../workload/traffic';
import { JaegerSimulator, startJaegerSimulator } from './server';
import { parseGoDuration, parseRfc3339 } from './params';

const catalogDir = path.join(
  __dirname,
  '..',
  'fleet',
  '__fixtures__',
  'catalog',
);
const now = Date.parse('2026-11-20T12:00:00Z');
const fleet = buildFleet({ catalogDir });
const traffic = new TrafficModel(fleet);
const faulty = fleet.services.find(s => s.faults.highErrorRate)!;
const healthy = fleet.services.find(
  s => !s.faults.highErrorRate && s.dependencies.length > 0,
)!;

let jaeger: JaegerSimulator;
beforeAll(async () => {
  jaeger = await startJaegerSimulator({ fleet, traffic, clock: () => now });
});
afterAll(() => jaeger.close());

const get = async (path_: string) => {
  const res = await fetch(`${jaeger.url}${path_}`);
  const text = await res.text();
  return {
    status: res.status,
    body: JSON.parse(text),
    type: res.headers.get('content-type'),
  };
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('Jaeger simulator API v3', () => {
  it('lists services and operations', async () => {
    const services = await get('/api/v3/services');
    expect(services.body.services).toEqual(
      fleet.services.map(s => s.name).sort(),
    );
    const ops = await get(`/api/v3/operations?service=${healthy.name}`);
    expect(ops.body.operations).toContainEqual({
      name: `GET ${healthy.routes[0].route}`,
      spanKind: 'server',
    });
    const serverOnly = await get(
      `/api/v3/operations?service=${healthy.name}&span_kind=server`,
    );
    expect(
      serverOnly.body.operations.every((o: any) => o.spanKind === 'server'),
    ).toBe(true);
    expect((await get('/api/v3/operations?service=unknown')).body).toEqual({
      operations: [],
    });
  });

  it('finds traces as OTLP JSON, newest first, limited by num_traces', async () => {
    const { status, body } = await get(
      `/api/v3/traces?query.service_name=${
        healthy.name
      }&query.start_time_min=${iso(now - 3_600_000)}&query.start_time_max=${iso(
        now,
      )}&query.num_traces=5`,
    );
    expect(status).toBe(200);
    const resourceSpans = body.result.resourceSpans;
    const roots = resourceSpans
      .flatMap((r: any) =>
        r.scopeSpans.flatMap((s: any) => s.spans.map((sp: any) => ({ sp, r }))),
      )
      .filter(({ sp }: any) => !sp.parentSpanId);
    expect(roots).toHaveLength(5);
    const root = roots[0];
    expect(root.r.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: healthy.name },
    });
    expect(root.sp.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.sp.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(root.sp.kind).toBe(2);
    expect(BigInt(root.sp.endTimeUnixNano)).toBeGreaterThan(
      BigInt(root.sp.startTimeUnixNano),
    );
    const starts = roots.map(({ sp }: any) => BigInt(sp.startTimeUnixNano));
    expect([...starts].sort((a, b) => (a > b ? -1 : 1))).toEqual(starts);
    // The downstream service appears in the same trace.
    const servicesInTraces = resourceSpans.map(
      (r: any) =>
        r.resource.attributes.find((a: any) => a.key === 'service.name').value
          .stringValue,
    );
    expect(servicesInTraces).toContain(healthy.dependencies[0]);

    // A returned trace can be fetched by id.
    const byId = await get(`/api/v3/traces/${root.sp.traceId}`);
    expect(byId.status).toBe(200);
    const spans = byId.body.result.resourceSpans.flatMap(
      (r: any) => r.scopeSpans[0].spans,
    );
    expect(spans.every((s: any) => s.traceId === root.sp.traceId)).toBe(true);
    expect(spans.length).toBeGreaterThanOrEqual(3);
  });

  it('has error traces for the service with a high error rate', async () => {
    const { body } = await get(
      `/api/v3/traces?query.service_name=${
        faulty.name
      }&query.start_time_min=${iso(now - 600_000)}&query.start_time_max=${iso(
        now,
      )}&query.num_traces=100`,
    );
    const roots = body.result.resourceSpans
      .flatMap((r: any) => r.scopeSpans[0].spans)
      .filter((s: any) => !s.parentSpanId);
    const errors = roots.filter((s: any) => s.status.code === 2);
    expect(errors.length / roots.length).toBeGreaterThan(0.08);
    expect(errors[0].events[0].name).toBe('exception');
    expect(errors[0].attributes).toContainEqual({
      key: 'http.response.status_code',
      value: { intValue: '500' },
    });
  });

  it('filters by operation and duration', async () => {
    const op = `POST ${healthy.routes[2].route}`;
    const { body } = await get(
      `/api/v3/traces?query.service_name=${
        healthy.name
      }&query.operation_name=${encodeURIComponent(
        op,
      )}&query.duration_min=1ms&query.start_time_min=${iso(
        now - 3_600_000,
      )}&query.start_time_max=${iso(now)}`,
    );
    const roots = body.result.resourceSpans
      .flatMap((r: any) => r.scopeSpans[0].spans)
      .filter((s: any) => !s.parentSpanId);
    expect(roots.length).toBeGreaterThan(0);
    expect(roots.every((s: any) => s.name === op)).toBe(true);
  });

  it('answers errors like the grpc-gateway', async () => {
    const missing = await get(
      `/api/v3/traces?query.service_name=${healthy.name}`,
    );
    expect(missing).toMatchObject({
      status: 400,
      type: 'text/plain; charset=utf-8',
      body: {
        error: {
          httpCode: 400,
          message: 'query.start_time_min and query.start_time_max are required',
        },
      },
    });
    const malformed = await get(
      `/api/v3/traces?query.service_name=x&query.start_time_min=yesterday&query.start_time_max=${iso(
        now,
      )}`,
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(
      /^malformed parameter query.start_time_min/,
    );
    const none = await get(
      `/api/v3/traces?query.service_name=nope&query.start_time_min=${iso(
        now - 1000,
      )}&query.start_time_max=${iso(now)}`,
    );
    expect(none).toMatchObject({
      status: 404,
      body: { error: { httpCode: 404, message: 'No traces found' } },
    });
    expect(
      (await get('/api/v3/traces/0123456789abcdef0123456789abcdef')).status,
    ).toBe(404);
    expect((await get('/api/v3/traces/not-hex')).status).toBe(400);
  });
});

describe('Jaeger simulator SPM', () => {
  it('returns call rates per service in the metrics JSON shape', async () => {
    const { status, body } = await get(
      `/api/metrics/calls?service=${healthy.name}&endTs=${now}&lookback=60000&step=15000&ratePer=60000`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'service_call_rate',
      type: 'GAUGE',
      help: 'calls/sec, grouped by service',
    });
    expect(body.metrics).toHaveLength(1);
    expect(body.metrics[0].labels).toEqual([
      { name: 'service_name', value: healthy.name },
    ]);
    expect(body.metrics[0].metricPoints).toHaveLength(5);
    const last = body.metrics[0].metricPoints[4];
    expect(last.timestamp).toBe(new Date(now).toISOString());
    const modelRate = traffic.requestRate(healthy, now - 30_000);
    expect(last.gaugeValue.doubleValue).toBeGreaterThan(modelRate * 0.9);
    expect(last.gaugeValue.doubleValue).toBeLessThan(modelRate * 1.1);
  });

  it('groups error rates by operation and shows the faulty service above 5 %', async () => {
    const { body } = await get(
      `/api/metrics/errors?service=${faulty.name}&service=${healthy.name}&groupByOperation=true&endTs=${now}&lookback=300000&step=60000&ratePer=300000`,
    );
    expect(body.name).toBe('service_operation_error_rate');
    expect(body.metrics).toHaveLength(
      faulty.routes.length + healthy.routes.length,
    );
    const rateOf = (service: string) =>
      body.metrics
        .filter((m: any) =>
          m.labels.some(
            (l: any) => l.name === 'service_name' && l.value === service,
          ),
        )
        .map(
          (m: any) =>
            m.metricPoints[m.metricPoints.length - 1].gaugeValue.doubleValue,
        );
    expect(Math.min(...rateOf(faulty.name))).toBeGreaterThan(0.05);
    expect(Math.max(...rateOf(healthy.name))).toBeLessThan(0.05);
    expect(body.metrics[0].labels[0].name).toBe('operation');
  });

  it('returns latencies at the requested quantile and validates parameters', async () => {
    const slow = fleet.services.find(s => s.faults.highLatency)!;
    const { body } = await get(
      `/api/metrics/latencies?service=${slow.name}&quantile=0.95&endTs=${now}&lookback=10000&step=5000`,
    );
    expect(body).toMatchObject({
      name: 'service_latencies',
      help: '0.95th quantile latency, grouped by service',
    });
    expect(
      body.metrics[0].metricPoints[0].gaugeValue.doubleValue,
    ).toBeGreaterThan(500);

    const noQuantile = await get(`/api/metrics/latencies?service=${slow.name}`);
    expect(noQuantile.status).toBe(400);
    expect(noQuantile.body.errors[0]).toEqual({
      code: 400,
      msg: `unable to parse param 'quantile': strconv.ParseFloat: parsing "": invalid syntax`,
    });
    const noService = await get('/api/metrics/calls');
    expect(noService.body.errors[0].msg).toBe(
      "unable to parse param 'service': please provide at least one service name",
    );
    const badKind = await get(`/api/metrics/calls?service=x&spanKind=SERVER`);
    expect(badKind.body.errors[0].msg).toMatch(
      /unsupported span kind: 'SERVER'/,
    );
    const tooMany = await get(
      `/api/metrics/calls?service=${slow.name}&lookback=86400000&step=1`,
    );
    expect(tooMany.status).toBe(500);
    expect((await get('/api/metrics/minstep')).body.data).toBe(1000);
  });
});

describe('Go parameter formats', () => {
  it('parses durations and RFC 3339 times as Go does', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('250us')).toBe(0.25);
    expect(() => parseGoDuration('5')).toThrow(/invalid duration/);
    expect(parseRfc3339('2026-11-20T12:00:00.123456789Z')).toBe(
      Date.parse('2026-11-20T12:00:00.123Z'),
    );
    expect(parseRfc3339('2026-11-20T13:00:00+01:00')).toBe(now);
    expect(() => parseRfc3339('2026-11-20')).toThrow(/cannot parse/);
  });
});
