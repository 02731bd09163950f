import { FleetService, ServiceRoute } from '../fleet';
import { SamplingRate, sampledTraceId, spanId } from './sampling';

/*
 * OTLP/JSON spans of one sampled request, shaped as OpenTelemetry's HTTP and
 * database instrumentations write them (semantic conventions 1.3x): a SERVER
 * span per route, a CLIENT span for the database query, and — when the
 * service has dependencies — a CLIENT span for the downstream call whose
 * SERVER span (and database span) belongs to the downstream service, in the
 * same trace, parented across the process boundary as W3C trace context
 * propagation does.
 */

/** OTLP span kinds and status codes as OTLP/JSON encodes them. */
const KIND = { SERVER: 2, CLIENT: 3 } as const;
const STATUS_ERROR = 2;
/** W3C trace flags `sampled` + `random` (Trace Context level 2), plus OTLP's has-is-remote bit. */
const FLAGS_LOCAL_PARENT = 0x103;
/** As above with the is-remote bit: the parent span lives in another process. */
const FLAGS_REMOTE_PARENT = 0x303;

export interface OtlpAttribute {
  key: string;
  value: { stringValue: string } | { intValue: string };
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  events?: Array<{
    timeUnixNano: string;
    name: string;
    attributes: OtlpAttribute[];
  }>;
  status: { code?: number; message?: string };
}

/** One span of a service in one cluster: the emitter groups them per resource. */
export interface EmittedSpan {
  service: FleetService;
  span: OtlpSpan;
}

/** What the emitter decided about one request; the rest follows from it. */
export interface RequestPlan {
  service: FleetService;
  route: ServiceRoute;
  /** Epoch ms when the root span ended. */
  endMs: number;
  /** The service's own work, without the downstream call. */
  ownLatencyMs: number;
  error: boolean;
  rate: SamplingRate;
  downstream?: {
    service: FleetService;
    route: ServiceRoute;
    latencyMs: number;
    error: boolean;
  };
}

const str = (key: string, value: string): OtlpAttribute => ({
  key,
  value: { stringValue: value },
});
const int = (key: string, value: number): OtlpAttribute => ({
  key,
  value: { intValue: String(value) },
});
const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

const clusterHost = (service: FleetService) =>
  `${service.name}.${service.namespace}.svc.cluster.local`;
const tableOf = (service: FleetService) => service.name.replace(/-/g, '_');
const concretePath = (route: string, random: () => number) =>
  route.replace(/\{[^}]+\}/g, () => String(1000 + Math.floor(random() * 9000)));

function errorOutcome(
  service: FleetService,
  operation: string,
  atMs: number,
  random: () => number,
) {
  // One in five failures is an overloaded upstream (503), as in the exporter's split.
  const code = random() < 0.2 ? 503 : 500;
  return {
    code,
    status: { code: STATUS_ERROR, message: `HTTP ${code}` },
    events: [
      {
        timeUnixNano: nanos(atMs),
        name: 'exception',
        attributes: [
          str(
            'exception.type',
            code === 503 ? 'ServiceUnavailableError' : 'UpstreamError',
          ),
          str(
            'exception.message',
            `${service.name} could not complete ${operation}`,
          ),
          str(
            'exception.stacktrace',
            `Error: ${service.name} could not complete ${operation}\n    at handle (/app/src/routes.ts:42:11)\n    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)`,
          ),
        ],
      },
    ],
  };
}

function serverSpan(
  traceId: string,
  parent: { id: string; remote: boolean } | undefined,
  rate: SamplingRate,
  service: FleetService,
  route: ServiceRoute,
  startMs: number,
  durationMs: number,
  error: boolean,
  random: () => number,
): OtlpSpan {
  const name = `${route.method} ${route.route}`;
  const failure = error
    ? errorOutcome(service, name, startMs + durationMs * 0.95, random)
    : undefined;
  const okCode = route.method === 'POST' ? 201 : 200;
  return {
    traceId,
    spanId: spanId(),
    ...(parent ? { parentSpanId: parent.id } : {}),
    traceState: rate.traceState,
    flags: parent?.remote ? FLAGS_REMOTE_PARENT : FLAGS_LOCAL_PARENT,
    name,
    kind: KIND.SERVER,
    startTimeUnixNano: nanos(startMs),
    endTimeUnixNano: nanos(startMs + durationMs),
    attributes: [
      str('http.request.method', route.method),
      str('http.route', route.route),
      str('url.path', concretePath(route.route, random)),
      str('url.scheme', 'http'),
      str('server.address', clusterHost(service)),
      int('server.port', 8080),
      int('http.response.status_code', failure?.code ?? okCode),
      ...(failure ? [str('error.type', String(failure.code))] : []),
    ],
    ...(failure ? { events: failure.events } : {}),
    status: failure?.status ?? {},
  };
}

function databaseSpan(
  traceId: string,
  parentId: string,
  rate: SamplingRate,
  service: FleetService,
  startMs: number,
  durationMs: number,
): OtlpSpan {
  return {
    traceId,
    spanId: spanId(),
    parentSpanId: parentId,
    traceState: rate.traceState,
    flags: FLAGS_LOCAL_PARENT,
    name: `SELECT ${tableOf(service)}`,
    kind: KIND.CLIENT,
    startTimeUnixNano: nanos(startMs),
    endTimeUnixNano: nanos(startMs + durationMs),
    attributes: [
      str('db.system.name', 'postgresql'),
      str('db.namespace', tableOf(service)),
      str('db.operation.name', 'SELECT'),
      str('db.collection.name', tableOf(service)),
      str(
        'server.address',
        `${service.name}-db.${service.namespace}.svc.cluster.local`,
      ),
      int('server.port', 5432),
    ],
    status: {},
  };
}

/** The spans of one request, each tagged with the service (resource) it belongs to. */
export function requestSpans(
  plan: RequestPlan,
  random: () => number,
): EmittedSpan[] {
  const { service, route, rate, downstream } = plan;
  const traceId = sampledTraceId(rate);
  const own = plan.ownLatencyMs;
  // The caller waits for the downstream call: ~2 ms of network around it.
  const callMs = downstream ? downstream.latencyMs + 2 : 0;
  const totalMs = own + callMs;
  const startMs = plan.endMs - totalMs;

  const root = serverSpan(
    traceId,
    undefined,
    rate,
    service,
    route,
    startMs,
    totalMs,
    plan.error,
    random,
  );
  const spans: EmittedSpan[] = [
    { service, span: root },
    {
      service,
      span: databaseSpan(
        traceId,
        root.spanId,
        rate,
        service,
        startMs + own * 0.05,
        own * 0.3,
      ),
    },
  ];
  if (downstream) {
    const callStart = startMs + own * 0.4;
    const name = `${downstream.route.method} ${downstream.route.route}`;
    const client: OtlpSpan = {
      traceId,
      spanId: spanId(),
      parentSpanId: root.spanId,
      traceState: rate.traceState,
      flags: FLAGS_LOCAL_PARENT,
      name,
      kind: KIND.CLIENT,
      startTimeUnixNano: nanos(callStart),
      endTimeUnixNano: nanos(callStart + callMs),
      attributes: [
        str('http.request.method', downstream.route.method),
        str('url.template', downstream.route.route),
        str(
          'url.full',
          `http://${clusterHost(downstream.service)}${concretePath(
            downstream.route.route,
            random,
          )}`,
        ),
        str('server.address', clusterHost(downstream.service)),
        int('server.port', 80),
        str('peer.service', downstream.service.name),
        int('http.response.status_code', downstream.error ? 500 : 200),
        ...(downstream.error ? [str('error.type', '500')] : []),
      ],
      status: downstream.error
        ? { code: STATUS_ERROR, message: 'HTTP 500' }
        : {},
    };
    spans.push({ service, span: client });
    // An uninstrumented callee leaves only its caller's CLIENT span.
    if (downstream.service.breaks.includes('noTraces')) return spans;
    const remote = serverSpan(
      traceId,
      { id: client.spanId, remote: true },
      rate,
      downstream.service,
      downstream.route,
      callStart + 1,
      downstream.latencyMs,
      downstream.error,
      random,
    );
    spans.push({ service: downstream.service, span: remote });
    spans.push({
      service: downstream.service,
      span: databaseSpan(
        traceId,
        remote.spanId,
        rate,
        downstream.service,
        callStart + 1 + downstream.latencyMs * 0.05,
        downstream.latencyMs * 0.3,
      ),
    });
  }
  return spans;
}

/** Resource attributes of a service's pods in one cluster, as the OpenTelemetry SDK and the k8s attributes processor set them. */
export function resourceAttributes(
  service: FleetService,
  cluster: string,
): OtlpAttribute[] {
  return [
    str('service.name', service.name),
    str('service.namespace', service.namespace),
    str('service.version', service.params.version),
    str('deployment.environment', cluster),
    str('deployment.environment.name', cluster),
    str('k8s.cluster.name', cluster),
    str('k8s.namespace.name', service.namespace),
    str('k8s.deployment.name', service.name),
    str('cloud.provider', 'aws'),
    str('cloud.platform', 'aws_eks'),
    str('telemetry.sdk.name', 'opentelemetry'),
    str('telemetry.sdk.language', 'nodejs'),
  ];
}
