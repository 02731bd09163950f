import { Fleet, FleetService, hexId, unitHash } from '../fleet';
import { TrafficModel } from '../workload/traffic';

/** OTLP span kinds as OTLP/JSON encodes them (numbers). */
const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;
const STATUS_ERROR = 2;

export interface TraceSummary {
  traceId: string;
  service: FleetService;
  slot: number;
  startMs: number;
  durationMs: number;
  operation: string;
  error: boolean;
}

export interface Operation {
  name: string;
  spanKind: 'server' | 'client';
}

type Attribute = { key: string; value: Record<string, unknown> };

const str = (key: string, value: string): Attribute => ({
  key,
  value: { stringValue: value },
});
const int = (key: string, value: number): Attribute => ({
  key,
  value: { intValue: String(value) },
});
const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

/**
 * Sampled traces of the fleet, computed on demand from the traffic model:
 * each service keeps one sampled trace per `intervalMs` slot. Trace ids
 * encode the slot and the service, so any id the simulator returned can be
 * fetched again without storing traces.
 */
export class TraceGenerator {
  constructor(
    readonly fleet: Fleet,
    readonly traffic: TrafficModel,
    readonly intervalMs = 5000,
  ) {}

  operations(service: FleetService): Operation[] {
    return [
      ...service.routes.map(r => ({
        name: `${r.method} ${r.route}`,
        spanKind: 'server' as const,
      })),
      { name: `SELECT ${service.name}`, spanKind: 'client' as const },
      ...service.dependencies.map(dep => ({
        name: `${this.dependencyRoute(dep).method} ${
          this.dependencyRoute(dep).route
        }`,
        spanKind: 'client' as const,
      })),
    ];
  }

  private dependencyRoute(name: string) {
    return this.fleet.byName.get(name)!.routes[0];
  }

  /** The trace sampled in `slot` for `service`. */
  summary(service: FleetService, slot: number): TraceSummary {
    const index = this.fleet.services.indexOf(service);
    const startMs =
      (slot + unitHash(service.name, slot, 'offset') * 0.9) * this.intervalMs;
    const pick = unitHash(service.name, slot, 'route');
    let acc = 0;
    const route =
      service.routes.find(r => (acc += r.share) > pick) ??
      service.routes[service.routes.length - 1];
    const quantile = 0.01 + unitHash(service.name, slot, 'latency') * 0.985;
    return {
      traceId: `${hexId(`${service.name}/${slot}`, 16)}${slot
        .toString(16)
        .padStart(10, '0')}${index.toString(16).padStart(6, '0')}`,
      service,
      slot,
      startMs,
      durationMs: this.traffic.latencyQuantileMs(service, quantile, startMs),
      operation: `${route.method} ${route.route}`,
      error:
        unitHash(service.name, slot, 'error') <
        this.traffic.errorRatio(service, startMs),
    };
  }

  /** Resolves a trace id this generator produced; undefined for any other id. */
  find(traceId: string): TraceSummary | undefined {
    const id = traceId.toLowerCase().padStart(32, '0');
    if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
    const slot = parseInt(id.slice(16, 26), 16);
    const service = this.fleet.services[parseInt(id.slice(26), 16)];
    if (!service) return undefined;
    const summary = this.summary(service, slot);
    return summary.traceId === id ? summary : undefined;
  }

  /** Newest first: traces of `service` that started in [minMs, maxMs]. */
  *search(
    service: FleetService,
    minMs: number,
    maxMs: number,
  ): Generator<TraceSummary> {
    const first = Math.floor(minMs / this.intervalMs);
    for (
      let slot = Math.floor(maxMs / this.intervalMs);
      slot >= first;
      slot--
    ) {
      const summary = this.summary(service, slot);
      if (summary.startMs >= minMs && summary.startMs <= maxMs) yield summary;
    }
  }

  /** OTLP `resourceSpans` of one trace: the service, its database call and a downstream service. */
  resourceSpans(trace: TraceSummary): unknown[] {
    const { service, startMs, durationMs, error } = trace;
    const [method, route] = trace.operation.split(' ');
    const rootId = hexId(`${trace.traceId}/root`, 16);
    const path = route.replace('{id}', String(1000 + (trace.slot % 9000)));
    const okCode = method === 'POST' ? 201 : 200;
    const statusCode = error ? 500 : okCode;
    const dbStart = startMs + durationMs * 0.05;
    const spans: any[] = [
      {
        traceId: trace.traceId,
        spanId: rootId,
        name: trace.operation,
        kind: SPAN_KIND.SERVER,
        startTimeUnixNano: nanos(startMs),
        endTimeUnixNano: nanos(startMs + durationMs),
        attributes: [
          str('http.request.method', method),
          str('http.route', route),
          str('url.path', path),
          str('url.scheme', 'http'),
          int('http.response.status_code', statusCode),
          str(
            'server.address',
            `${service.name}.${service.namespace}.svc.cluster.local`,
          ),
        ],
        status: error
          ? { code: STATUS_ERROR, message: `HTTP ${statusCode}` }
          : {},
        ...(error
          ? {
              events: [
                {
                  timeUnixNano: nanos(startMs + durationMs * 0.95),
                  name: 'exception',
                  attributes: [
                    str('exception.type', 'UpstreamError'),
                    str(
                      'exception.message',
                      `${service.name} could not complete ${trace.operation}`,
                    ),
                  ],
                },
              ],
            }
          : {}),
      },
      {
        traceId: trace.traceId,
        spanId: hexId(`${trace.traceId}/db`, 16),
        parentSpanId: rootId,
        name: `SELECT ${service.name}`,
        kind: SPAN_KIND.CLIENT,
        startTimeUnixNano: nanos(dbStart),
        endTimeUnixNano: nanos(dbStart + durationMs * 0.3),
        attributes: [
          str('db.system', 'postgresql'),
          str('db.operation.name', 'SELECT'),
          str('db.collection.name', service.name.replace(/-/g, '_')),
          str(
            'server.address',
            `${service.name}-db.${service.namespace}.svc.cluster.local`,
          ),
        ],
        status: {},
      },
    ];
    const resources = [resourceOf(service, spans)];
    const dependency =
      service.dependencies[0] && this.fleet.byName.get(service.dependencies[0]);
    if (dependency) {
      const depRoute = dependency.routes[0];
      const clientId = hexId(`${trace.traceId}/client`, 16);
      const callStart = startMs + durationMs * 0.4;
      const callMs = durationMs * 0.45;
      spans.push({
        traceId: trace.traceId,
        spanId: clientId,
        parentSpanId: rootId,
        name: `${depRoute.method} ${depRoute.route}`,
        kind: SPAN_KIND.CLIENT,
        startTimeUnixNano: nanos(callStart),
        endTimeUnixNano: nanos(callStart + callMs),
        attributes: [
          str('http.request.method', depRoute.method),
          str(
            'server.address',
            `${dependency.name}.${dependency.namespace}.svc.cluster.local`,
          ),
          str('peer.service', dependency.name),
          int('http.response.status_code', 200),
        ],
        status: {},
      });
      resources.push(
        resourceOf(dependency, [
          {
            traceId: trace.traceId,
            spanId: hexId(`${trace.traceId}/downstream`, 16),
            parentSpanId: clientId,
            name: `${depRoute.method} ${depRoute.route}`,
            kind: SPAN_KIND.SERVER,
            startTimeUnixNano: nanos(callStart + 1),
            endTimeUnixNano: nanos(callStart + callMs - 1),
            attributes: [
              str('http.request.method', depRoute.method),
              str('http.route', depRoute.route),
              int('http.response.status_code', 200),
            ],
            status: {},
          },
        ]),
      );
    }
    return resources;
  }
}

function resourceOf(service: FleetService, spans: unknown[]) {
  return {
    resource: {
      attributes: [
        str('service.name', service.name),
        str('service.namespace', service.namespace),
        str('service.version', service.params.version),
        str('deployment.environment.name', 'prod'),
        str('k8s.namespace.name', service.namespace),
        str('k8s.deployment.name', service.name),
        str('telemetry.sdk.language', 'nodejs'),
      ],
    },
    scopeSpans: [
      {
        scope: {
          name: '@opentelemetry/instrumentation-http',
          version: '0.57.0',
        },
        spans,
      },
    ],
  };
}
