import assert from 'node:assert/strict';
import { type AddressInfo, connect } from 'node:net';
import { after, before, test } from 'node:test';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { createHttpServer, createMetricsServer } from './server';
import { startTracing } from './telemetry/tracing';

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'orders', exporter });
const metrics = createMetrics('orders', { defaultMetrics: false });
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

/**
 * A caller in another process: a plain HTTP/1.1 request over a socket. This
 * process's fetch would get the outgoing instrumentation's own traceparent.
 */
function externalGet(path: string, headers: Record<string, string>): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      response += chunk;
    });
    socket.on('end', () => resolve(response));
    socket.on('error', reject);
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${lines.join('')}\r\n`,
    );
  });
}

test('server spans continue the caller trace from the traceparent header', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const response = await externalGet('/', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
  assert.match(response, /^HTTP\/1\.1 200/);
  await tracing.forceFlush();
  const span = exporter.getFinishedSpans().find((s) => s.spanContext().traceId === traceId);
  assert.ok(span, 'span exported with the propagated trace id');
  assert.equal(span.name, 'GET /');
  assert.equal(span.attributes['http.response.status_code'], 200);
  assert.equal(span.resource.attributes['service.name'], 'orders');
});

test('with a metrics port, /metrics is served there only, and nothing else is', async () => {
  const apiOnly = createHttpServer({
    serviceName: 'orders',
    logger: createLogger('orders', 'error', () => {}),
    metrics,
    tracer: tracing.tracer,
    isReady: () => true,
    serveMetrics: false,
  });
  const scrape = createMetricsServer(
    metrics,
    createLogger('orders', 'error', () => {}),
  );
  const listen = async (s: typeof apiOnly) => {
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  const api = await listen(apiOnly);
  const metricsUrl = await listen(scrape);
  try {
    assert.equal((await fetch(`${api}/metrics`)).status, 404);
    const response = await fetch(`${metricsUrl}/metrics`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /http_requests_total/);
    assert.equal((await fetch(`${metricsUrl}/`)).status, 404);
    assert.equal((await fetch(`${metricsUrl}/healthz`)).status, 404);
  } finally {
    await new Promise<void>((resolve) => apiOnly.close(() => resolve()));
    await new Promise<void>((resolve) => scrape.close(() => resolve()));
  }
});
