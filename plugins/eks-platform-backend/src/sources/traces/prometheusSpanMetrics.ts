import {
  fetchUpstreamJson,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';
import { ServiceTraces, TraceMetricsBackend } from './types';

interface PromResponse {
  status: string;
  error?: string;
  data?: {
    resultType: 'vector' | 'matrix';
    result: Array<{
      metric: Record<string, string>;
      value?: [number, string];
      values?: Array<[number, string]>;
    }>;
  };
}

/*
 * Names as the collector's span metrics connector (namespace
 * `traces.span.metrics`, unit ms) and its Prometheus exporter write them:
 * `traces_span_metrics_calls_total` and
 * `traces_span_metrics_duration_milliseconds_bucket`, labelled
 * `service_name`, `span_name`, `span_kind`, `status_code` and the configured
 * dimensions (`deployment_environment` …).
 */
const CALLS = 'traces_span_metrics_calls_total';
const DURATION = 'traces_span_metrics_duration_milliseconds_bucket';
/** A service's traffic is its SERVER spans: its CLIENT spans (database, downstream calls) are its own requests out. */
const SERVER = 'span_kind="SPAN_KIND_SERVER"';
const ERROR = 'status_code="STATUS_CODE_ERROR"';

/**
 * RED metrics from the OpenTelemetry collector's span metrics in
 * Prometheus, summed over every environment the Prometheus holds. Every
 * query groups by `service_name`, so one poll costs a fixed number of
 * queries whatever the number of services.
 */
export class PrometheusSpanMetricsBackend implements TraceMetricsBackend {
  readonly upstream = 'prometheus';

  constructor(
    private readonly baseUrl: string,
    private readonly windowMinutes: number,
  ) {}

  private async query(
    promql: string,
    timeoutMs: number,
    now: Date,
    range?: boolean,
  ) {
    const end = now.getTime() / 1000;
    const body = await fetchUpstreamJson<PromResponse>({
      upstream: this.upstream,
      baseUrl: this.baseUrl,
      path: range ? '/api/v1/query_range' : '/api/v1/query',
      query: range
        ? {
            query: promql,
            start: String(end - 3600),
            end: String(end),
            step: '60',
          }
        : { query: promql, time: String(end) },
      timeoutMs,
    });
    if (body.status !== 'success' || !body.data) {
      throw new UpstreamError({
        upstream: this.upstream,
        operation: 'query span metrics',
        code: 'QUERY_FAILED',
        upstreamMessage: `query failed: ${body.error ?? 'unknown error'}`,
        hint: 'Check the PromQL the status backend sends and the span metrics Prometheus holds.',
        retryable: false,
      });
    }
    return body.data.result;
  }

  async fetch(services: string[], timeoutMs: number, now: Date) {
    const w = `${this.windowMinutes}m`;
    // PromQL durations are whole numbers of a unit: `30s`, not `0.5m`.
    const rateWindow = `${Math.max(1, Math.round(this.windowMinutes * 60))}s`;
    const rate = (by: string, filter = SERVER) =>
      `sum by (${by}) (rate(${CALLS}{${filter}}[${rateWindow}]))`;
    const quantile = (q: number, by: string) =>
      `histogram_quantile(${q}, sum by (${by}, le) (rate(${DURATION}{${SERVER}}[${rateWindow}])))`;
    const svc = 'service_name';
    const op = 'service_name, span_name';
    const failedServer = `${SERVER},${ERROR}`;
    const seriesRate = `sum by (service_name) (rate(${CALLS}{${SERVER}}[1m]))`;
    const seriesErrors = `sum by (service_name) (rate(${CALLS}{${failedServer}}[1m]))`;
    const seriesP95 = `histogram_quantile(0.95, sum by (service_name, le) (rate(${DURATION}{${SERVER}}[1m])))`;
    const q = (promql: string, range = false) =>
      this.query(promql, timeoutMs, now, range);
    const results = await Promise.all([
      q(rate(svc)),
      q(rate(svc, failedServer)),
      q(quantile(0.5, svc)),
      q(quantile(0.95, svc)),
      q(quantile(0.99, svc)),
      q(rate(op)),
      q(rate(op, failedServer)),
      q(quantile(0.5, op)),
      q(quantile(0.95, op)),
      q(quantile(0.99, op)),
      q(seriesRate, true),
      q(seriesErrors, true),
      q(seriesP95, true),
    ]);
    const [calls, errors, p50, p95, p99, oCalls, oErrors, oP50, oP95, oP99] =
      results.slice(0, 10).map(r => vectorByKey(r));
    const [sCalls, sErrors, sP95] = results
      .slice(10)
      .map(r => matrixByService(r));

    const wanted = new Set(services);
    const out = new Map<string, ServiceTraces>();
    for (const service of wanted) {
      const rateNow = calls.get(service);
      if (rateNow === undefined && !sCalls.has(service)) continue;
      const operations: ServiceTraces['operations'] = [];
      for (const [key, value] of oCalls) {
        const [s, name] = key.split('\u0000');
        if (s !== service) continue;
        operations.push({
          name,
          requestRate: value,
          errorRatio: ratio(oErrors.get(key), value),
          latencyMs: {
            p50: oP50.get(key),
            p95: oP95.get(key),
            p99: oP99.get(key),
          },
        });
      }
      operations.sort((a, b) => b.requestRate - a.requestRate);
      const errorAt = new Map(
        (sErrors.get(service) ?? []).map(([t, v]) => [t, v]),
      );
      const p95At = new Map((sP95.get(service) ?? []).map(([t, v]) => [t, v]));
      out.set(service, {
        service,
        window: w,
        current: {
          requestRate: rateNow ?? 0,
          errorRatio: ratio(errors.get(service), rateNow ?? 0),
          latencyMs: {
            p50: p50.get(service),
            p95: p95.get(service),
            p99: p99.get(service),
          },
        },
        series: (sCalls.get(service) ?? []).map(([t, v]) => ({
          timestamp: new Date(t * 1000).toISOString(),
          requestRate: v,
          errorRatio: ratio(errorAt.get(t), v),
          p95Ms: p95At.get(t),
        })),
        operations: operations.slice(0, 10),
      });
    }
    return out;
  }
}

function ratio(part: number | undefined, whole: number) {
  return whole > 0 && part !== undefined ? Math.min(1, part / whole) : 0;
}

function finite(v: string): number | undefined {
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function vectorByKey(result: NonNullable<PromResponse['data']>['result']) {
  const out = new Map<string, number>();
  for (const r of result) {
    const key =
      r.metric.span_name === undefined
        ? r.metric.service_name
        : `${r.metric.service_name}\u0000${r.metric.span_name}`;
    const v = r.value ? finite(r.value[1]) : undefined;
    if (key !== undefined && v !== undefined) out.set(key, v);
  }
  return out;
}

function matrixByService(result: NonNullable<PromResponse['data']>['result']) {
  const out = new Map<string, Array<[number, number]>>();
  for (const r of result) {
    const points: Array<[number, number]> = [];
    for (const [t, v] of r.values ?? []) {
      const n = finite(v);
      if (n !== undefined) points.push([t, n]);
    }
    out.set(r.metric.service_name, points);
  }
  return out;
}
