import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { createHttpServer } from './server';
import { startTracing } from './tracing';

const exporter = new InMemorySpanExporter();
const tracing = startTracing('orders', undefined, exporter);
const metrics = createMetrics('orders', false);
let ready = true;
const server = createHttpServer({
  serviceName: 'orders',
  logger: createLogger('orders', 'error', () => {}),
  metrics,
  tracer: tracing.tracer,
  isReady: () => ready,
});
let base = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await tracing.shutdown();
});

test('liveness and readiness answer on their own paths', async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  ready = false;
  assert.equal((await fetch(`${base}/readyz`)).status, 503);
  assert.equal((await fetch(`${base}/healthz`)).status, 200, 'liveness stays up while draining');
  ready = true;
});

test('requests are counted with the contract labels and exposed in Prometheus format', async () => {
  assert.equal((await fetch(`${base}/`)).status, 200);
  assert.equal((await fetch(`${base}/no/such/path?x=1`)).status, 404);
  const response = await fetch(`${base}/metrics`);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const body = await response.text();
  assert.match(
    body,
    /http_requests_total\{service="orders",route="\/",method="GET",code="200"\} 1/,
  );
  assert.match(
    body,
    /http_requests_total\{service="orders",route="unmatched",method="GET",code="404"\} 1/,
  );
  assert.match(
    body,
    /http_request_duration_seconds_bucket\{le="0.5",service="orders",route="\/",method="GET"\} 1/,
  );
  assert.doesNotMatch(body, /route="\/healthz"/, 'probes are not business traffic');
});

test('server spans continue the caller trace from the traceparent header', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  await fetch(`${base}/`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
  await tracing.forceFlush();
  const span = exporter.getFinishedSpans().find((s) => s.spanContext().traceId === traceId);
  assert.ok(span, 'span exported with the propagated trace id');
  assert.equal(span.name, 'GET /');
  assert.equal(span.attributes['http.response.status_code'], 200);
  assert.equal(span.resource.attributes['service.name'], 'orders');
});
