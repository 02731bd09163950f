import http from 'node:http';
import { Fleet } from '../fleet';
import { sendJson, startHttpServer } from '../shared/http';
import { TrafficModel } from '../workload/traffic';
import {
  parseGoBool,
  parseGoDuration,
  parseGoInt,
  parseRfc3339,
} from './params';
import { SpmKind, SpmQuery, spmMetricFamily } from './spm';
import { TraceGenerator } from './traces';

export interface JaegerSimulatorOptions {
  fleet: Fleet;
  traffic: TrafficModel;
  port?: number;
  clock?: () => number;
  /** One sampled trace per service per interval (default 5 s). */
  traceIntervalMs?: number;
}

export interface JaegerSimulator {
  url: string;
  port: number;
  requestCounts: Map<string, number>;
  close(): Promise<void>;
}

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const DEFAULT_NUM_TRACES = 20;

class ParamError extends Error {}

/** API v3 errors: the grpc-gateway error body, written with Go's http.Error. */
function v3Error(
  res: http.ServerResponse,
  status: number,
  message: string,
): void {
  const body = `${JSON.stringify({ error: { httpCode: status, message } })}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/** The query service's structured error response of the `/api/*` (non-v3) endpoints. */
function structuredError(
  res: http.ServerResponse,
  status: number,
  msg: string,
): void {
  sendJson(res, status, {
    data: null,
    total: 0,
    limit: 0,
    offset: 0,
    errors: [{ code: status, msg }],
  });
}

/**
 * Jaeger query (v2.x) for the sandbox: API v3 over HTTP (services,
 * operations, find traces, get trace) and the SPM metrics endpoints.
 */
export async function startJaegerSimulator(
  options: JaegerSimulatorOptions,
): Promise<JaegerSimulator> {
  const clock = options.clock ?? Date.now;
  const traces = new TraceGenerator(
    options.fleet,
    options.traffic,
    options.traceIntervalMs,
  );
  const { fleet, traffic } = options;

  const handleV3 = (res: http.ServerResponse, url: URL) => {
    const q = url.searchParams;
    if (url.pathname === '/api/v3/services') {
      sendJson(res, 200, { services: fleet.services.map(s => s.name).sort() });
      return;
    }
    if (url.pathname === '/api/v3/operations') {
      const service = fleet.byName.get(q.get('service') ?? '');
      const kind = q.get('span_kind') ?? '';
      const operations = service
        ? traces.operations(service).filter(o => !kind || o.spanKind === kind)
        : [];
      sendJson(res, 200, { operations });
      return;
    }
    if (url.pathname === '/api/v3/traces') {
      const min = q.get('query.start_time_min') ?? '';
      const max = q.get('query.start_time_max') ?? '';
      if (min === '' || max === '') {
        v3Error(
          res,
          400,
          'query.start_time_min and query.start_time_max are required',
        );
        return;
      }
      const param = <T>(
        name: string,
        parse: (v: string) => T,
        fallback: T,
      ): T => {
        const raw = q.get(name);
        if (raw === null || raw === '') return fallback;
        try {
          return parse(raw);
        } catch (error) {
          throw new ParamError(
            `malformed parameter ${name}: ${(error as Error).message}`,
          );
        }
      };
      const minMs = param('query.start_time_min', parseRfc3339, 0);
      const maxMs = Math.min(
        param('query.start_time_max', parseRfc3339, 0),
        clock(),
      );
      const limit =
        param('query.num_traces', parseGoInt, 0) || DEFAULT_NUM_TRACES;
      const durationMin = param('query.duration_min', parseGoDuration, 0);
      const durationMax = param(
        'query.duration_max',
        parseGoDuration,
        Infinity,
      );
      const operation = q.get('query.operation_name') ?? '';
      const service = fleet.byName.get(q.get('query.service_name') ?? '');
      const found = [];
      if (service) {
        let scanned = 0;
        for (const trace of traces.search(service, minMs, maxMs)) {
          if (++scanned > 100_000 || found.length >= limit) break;
          if (operation && trace.operation !== operation) continue;
          if (trace.durationMs < durationMin || trace.durationMs > durationMax)
            continue;
          found.push(trace);
        }
      }
      if (found.length === 0) {
        v3Error(res, 404, 'No traces found');
        return;
      }
      sendJson(res, 200, {
        result: { resourceSpans: found.flatMap(t => traces.resourceSpans(t)) },
      });
      return;
    }
    const byId = url.pathname.match(/^\/api\/v3\/traces\/([^/]+)$/);
    if (byId) {
      const id = decodeURIComponent(byId[1]);
      if (!/^[0-9a-fA-F]{1,32}$/.test(id)) {
        v3Error(
          res,
          400,
          `malformed parameter trace_id: TraceID cannot be longer than 32 hex characters or contain non-hex characters: ${id}`,
        );
        return;
      }
      const trace = traces.find(id);
      if (!trace || trace.startMs > clock()) {
        v3Error(res, 404, 'No traces found');
        return;
      }
      sendJson(res, 200, {
        result: { resourceSpans: traces.resourceSpans(trace) },
      });
      return;
    }
    v3Error(res, 404, `404 page not found`);
  };

  const handleMetrics = (res: http.ServerResponse, url: URL) => {
    const kind = url.pathname.slice('/api/metrics/'.length);
    if (kind === 'minstep') {
      sendJson(res, 200, {
        data: 1000,
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      });
      return;
    }
    if (!['calls', 'errors', 'latencies'].includes(kind)) {
      structuredError(res, 404, `404 page not found`);
      return;
    }
    const q = url.searchParams;
    const parse = <T>(
      name: string,
      parser: (v: string) => T,
      fallback: T,
    ): T => {
      const raw = q.get(name);
      if (raw === null || raw === '') return fallback;
      try {
        return parser(raw);
      } catch (error) {
        throw new ParamError(
          `unable to parse param '${name}': ${(error as Error).message}`,
        );
      }
    };
    let quantile: number | undefined;
    if (kind === 'latencies') {
      const raw = q.get('quantile') ?? '';
      quantile = Number(raw);
      if (raw === '' || Number.isNaN(quantile)) {
        throw new ParamError(
          `unable to parse param 'quantile': strconv.ParseFloat: parsing "${raw}": invalid syntax`,
        );
      }
      if (!(quantile > 0 && quantile < 1)) {
        throw new ParamError(
          `unable to parse param 'quantile': must be between 0 and 1, got ${raw}`,
        );
      }
    }
    const services = q.getAll('service');
    if (services.length === 0) {
      throw new ParamError(
        "unable to parse param 'service': please provide at least one service name",
      );
    }
    const spanKinds = q.getAll('spanKind');
    const unknownKind = spanKinds.find(k => !SPAN_KINDS.includes(k));
    if (unknownKind) {
      throw new ParamError(
        `unable to parse param 'spanKind': unsupported span kind: '${unknownKind}'`,
      );
    }
    const query: SpmQuery = {
      services,
      groupByOperation: parse('groupByOperation', parseGoBool, false),
      spanKinds: spanKinds.length > 0 ? spanKinds : ['SPAN_KIND_SERVER'],
      endTs: parse('endTs', parseGoInt, clock()),
      lookbackMs: parse('lookback', parseGoInt, 3_600_000),
      stepMs: parse('step', parseGoInt, 5000),
      ratePerMs: parse('ratePer', parseGoInt, 600_000),
      quantile,
    };
    if (query.stepMs <= 0 || query.ratePerMs <= 0 || query.lookbackMs < 0) {
      throw new ParamError(
        'lookback, step and ratePer must be positive durations in milliseconds',
      );
    }
    try {
      sendJson(
        res,
        200,
        spmMetricFamily(fleet, traffic, kind as SpmKind, query),
      );
    } catch (error) {
      structuredError(res, 500, (error as Error).message);
    }
  };

  const server = await startHttpServer(
    (req, res, url) => {
      if (req.method !== 'GET') {
        v3Error(res, 405, `method ${req.method} not allowed`);
        return;
      }
      try {
        if (url.pathname.startsWith('/api/v3/')) handleV3(res, url);
        else if (url.pathname.startsWith('/api/metrics/'))
          handleMetrics(res, url);
        else
          sendJson(res, 404, {
            message: `no route ${url.pathname}; the simulator serves /api/v3 and /api/metrics`,
          });
      } catch (error) {
        if (!(error instanceof ParamError)) throw error;
        if (url.pathname.startsWith('/api/v3/'))
          v3Error(res, 400, error.message);
        else structuredError(res, 400, error.message);
      }
    },
    { port: options.port },
  );
  return {
    url: server.url,
    port: server.port,
    requestCounts: server.requestCounts,
    close: server.close,
  };
}
