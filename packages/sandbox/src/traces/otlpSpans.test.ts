import path from 'node:path';
import { buildFleet, createRandom } from '../fleet';
import { requestSpans, resourceAttributes } from './otlpSpans';
import { samplingRate } from './sampling';

const fleet = buildFleet({
  catalogDir: path.join(__dirname, '..', 'fleet', '__fixtures__', 'catalog'),
});
const checkout = fleet.byName.get('checkout')!;
const payments = fleet.byName.get('payments-service')!;

describe('OTLP spans of one request', () => {
  it('links the caller, its database call and the downstream service in one trace', () => {
    const spans = requestSpans(
      {
        service: checkout,
        route: checkout.routes[0],
        endMs: 1_800_000_000_000,
        ownLatencyMs: 100,
        error: false,
        rate: samplingRate(64),
        downstream: {
          service: payments,
          route: payments.routes[1],
          latencyMs: 40,
          error: true,
        },
      },
      createRandom(3),
    );
    expect(spans.map(s => [s.service.name, s.span.kind, s.span.name])).toEqual([
      [
        'checkout',
        2,
        `${checkout.routes[0].method} ${checkout.routes[0].route}`,
      ],
      ['checkout', 3, 'SELECT checkout'],
      [
        'checkout',
        3,
        `${payments.routes[1].method} ${payments.routes[1].route}`,
      ],
      [
        'payments-service',
        2,
        `${payments.routes[1].method} ${payments.routes[1].route}`,
      ],
      ['payments-service', 3, 'SELECT payments_service'],
    ]);
    const [root, db, client, remote, remoteDb] = spans.map(s => s.span);
    expect(new Set(spans.map(s => s.span.traceId)).size).toBe(1);
    expect(root.parentSpanId).toBeUndefined();
    expect(db.parentSpanId).toBe(root.spanId);
    expect(client.parentSpanId).toBe(root.spanId);
    expect(remote.parentSpanId).toBe(client.spanId);
    expect(remoteDb.parentSpanId).toBe(remote.spanId);
    // W3C flags sampled + random; the downstream's parent is remote.
    expect(root.flags & 0xff).toBe(0x03);
    expect(remote.flags & 0x200).toBe(0x200);
    expect(client.flags & 0x200).toBe(0);
    expect(spans.every(s => s.span.traceState === 'ot=th:fc')).toBe(true);
    // The caller waits for the downstream call.
    const ns = (v: string) => BigInt(v);
    expect(ns(root.endTimeUnixNano) - ns(root.startTimeUnixNano)).toBe(
      142_000_000n,
    );
    expect(ns(remote.startTimeUnixNano) > ns(client.startTimeUnixNano)).toBe(
      true,
    );
    expect(ns(remote.endTimeUnixNano) < ns(client.endTimeUnixNano)).toBe(true);
    // The downstream failed: its server span and the client span say so.
    expect(remote.status).toEqual({
      code: 2,
      message: expect.stringMatching(/^HTTP 50[03]$/),
    });
    expect(remote.events?.[0]).toMatchObject({ name: 'exception' });
    expect(client.status.code).toBe(2);
    expect(root.status).toEqual({});
    expect(root.attributes).toContainEqual({
      key: 'http.route',
      value: { stringValue: checkout.routes[0].route },
    });
  });

  it('marks a failed request with an error status and an exception event', () => {
    const [root] = requestSpans(
      {
        service: payments,
        route: payments.routes[0],
        endMs: 1_800_000_000_000,
        ownLatencyMs: 20,
        error: true,
        rate: samplingRate(8),
      },
      createRandom(4),
    ).map(s => s.span);
    expect(root.status.code).toBe(2);
    expect(root.events![0].attributes.map(a => a.key)).toEqual([
      'exception.type',
      'exception.message',
      'exception.stacktrace',
    ]);
    expect(root.attributes).toContainEqual({
      key: 'http.response.status_code',
      value: { intValue: expect.stringMatching(/^50[03]$/) },
    });
  });

  it('describes the pods of a service in one cluster', () => {
    const attributes = Object.fromEntries(
      resourceAttributes(checkout, 'stage').map(a => [
        a.key,
        (a.value as { stringValue: string }).stringValue,
      ]),
    );
    expect(attributes).toMatchObject({
      'service.name': 'checkout',
      'deployment.environment': 'stage',
      'deployment.environment.name': 'stage',
      'k8s.cluster.name': 'stage',
      'k8s.namespace.name': 'shop',
    });
  });
});
