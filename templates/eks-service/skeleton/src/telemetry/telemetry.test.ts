import assert from 'node:assert/strict';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { createHttpServer } from '../server';
import { environmentResource, resourceMetricLabels } from './resource';
import { startTracing } from './tracing';

// What the chart puts in the pod's environment (chart/README.md).
process.env.OTEL_RESOURCE_ATTRIBUTES =
  'deployment.environment=stage,service.namespace=payments,service.version=1.4.2,k8s.cluster.name=stage-eu-west-1,k8s.namespace.name=payments,k8s.pod.name=orders-7d9f8c6b5-x2x4q';

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'orders', exporter });

/** A downstream service that records the headers of every call it gets. */
const received: IncomingHttpHeaders[] = [];
let http: typeof import('node:http');
let downstream: Server;
let downstreamUrl = '';
let service: Server;
let serviceUrl = '';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

before(async () => {
  // Loaded after tracing started, as src/index.ts loads the rest of the service.
  http = await import('node:http');
  downstream = http.createServer((req, res) => {
    received.push(req.headers);
    res.end('ok');
  });
  downstreamUrl = await listen(downstream);
  service = createHttpServer({
    serviceName: 'orders',
    logger: createLogger('orders', 'error', () => {}),
    metrics: createMetrics('orders', {
      defaultMetrics: false,
      resourceLabels: resourceMetricLabels(environmentResource()),
    }),
    tracer: tracing.tracer,
    isReady: () => true,
  });
  serviceUrl = await listen(service);
});

after(async () => {
  await new Promise<void>((resolve) => downstream.close(() => resolve()));
  await new Promise<void>((resolve) => service.close(() => resolve()));
  await tracing.shutdown();
});

async function finishedSpans(): Promise<ReadableSpan[]> {
  await tracing.forceFlush();
  return exporter.getFinishedSpans();
}

/** Runs `call` inside a fresh parent span; returns the parent and the traceparent the downstream saw. */
async function callInsideSpan(name: string, call: () => Promise<void>) {
  const before = received.length;
  const parent = await tracing.tracer.startActiveSpan(name, async (span) => {
    await call();
    span.end();
    return span;
  });
  assert.equal(received.length, before + 1, 'the downstream got exactly one call');
  const traceparent = received[before]?.traceparent;
  assert.equal(typeof traceparent, 'string', 'the call carries a traceparent header');
  const [version, traceId, spanId, flags] = String(traceparent).split('-');
  return { parent: parent.spanContext(), version, traceId, spanId, flags };
}

test('the environment resource attributes reach the spans the server makes', async () => {
  assert.equal((await fetch(`${serviceUrl}/`)).status, 200);
  const span = (await finishedSpans()).find((s) => s.name === 'GET /');
  assert.ok(span, 'server span exported');
  const attributes = span.resource.attributes;
  assert.equal(attributes['deployment.environment'], 'stage');
  assert.equal(attributes['service.namespace'], 'payments');
  assert.equal(attributes['k8s.cluster.name'], 'stage-eu-west-1');
  assert.equal(attributes['service.version'], '1.4.2');
  assert.equal(attributes['k8s.pod.name'], 'orders-7d9f8c6b5-x2x4q');
  assert.equal(attributes['service.name'], 'orders');
  assert.equal(attributes['telemetry.sdk.language'], 'nodejs', 'SDK defaults are kept');
});

test('fetch carries the W3C trace context of the active span', async () => {
  const call = await callInsideSpan('fetch parent', async () => {
    await (await fetch(`${downstreamUrl}/prices`)).text();
  });
  assert.equal(call.version, '00');
  assert.equal(call.traceId, call.parent.traceId);
  assert.equal(call.flags, '01', 'sampled, like the parent');
  const client = (await finishedSpans()).find((s) => s.spanContext().spanId === call.spanId);
  assert.ok(client, 'the propagated span id is the client span of the call');
  assert.equal(client.kind, SpanKind.CLIENT);
  assert.equal(client.parentSpanContext?.spanId, call.parent.spanId);
  assert.equal(client.resource.attributes['deployment.environment'], 'stage');
});

test('http.get carries the W3C trace context of the active span', async () => {
  const call = await callInsideSpan('http parent', async () => {
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${downstreamUrl}/stock`, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  });
  assert.equal(call.traceId, call.parent.traceId);
  const client = (await finishedSpans()).find((s) => s.spanContext().spanId === call.spanId);
  assert.ok(client, 'the propagated span id is the client span of the call');
  assert.equal(client.kind, SpanKind.CLIENT);
  assert.equal(client.parentSpanContext?.spanId, call.parent.spanId);
});

test('every metric series carries the environment, cluster and version, and target_info every attribute', async () => {
  assert.equal((await fetch(`${serviceUrl}/`)).status, 200);
  const body = await (await fetch(`${serviceUrl}/metrics`)).text();
  const series = body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  assert.ok(series.length > 3);
  for (const line of series) {
    assert.match(line, /deployment_environment="stage"/, line);
    assert.match(line, /service_namespace="payments"/, line);
    assert.match(line, /k8s_cluster_name="stage-eu-west-1"/, line);
    assert.match(line, /service_version="1\.4\.2"/, line);
    assert.doesNotMatch(line, /telemetry_sdk/, 'SDK details stay on the spans, off the series');
    if (!line.startsWith('target_info{')) {
      assert.doesNotMatch(line, /k8s_pod_name/, 'per-pod attributes stay on target_info');
    }
  }
  const target = series.find((line) => line.startsWith('target_info{'));
  assert.match(target ?? '', /k8s_pod_name="orders-7d9f8c6b5-x2x4q"/);
  assert.match(target ?? '', /k8s_namespace_name="payments"/);
  assert.match(target ?? '', / 1$/);
  assert.ok(series.some((line) => line.startsWith('http_requests_total{')));
});
