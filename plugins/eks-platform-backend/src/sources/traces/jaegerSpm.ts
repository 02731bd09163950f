import { fetchUpstreamJson } from '@internal/backstage-plugin-eks-platform-node';
import { ServiceTraces, TraceMetricsBackend } from './types';

/** Jaeger's metrics query API (`/api/metrics/{calls,errors,latencies}`) JSON. */
interface MetricFamily {
  metrics?: Array<{
    labels?: Array<{ name: string; value: string }>;
    metricPoints?: Array<{
      gaugeValue?: { doubleValue?: number };
      timestamp: string;
    }>;
  }>;
}

type Series = Map<string, Array<{ timestamp: string; value: number }>>;

const BATCH = 50;

function bySeriesKey(family: MetricFamily, keyLabels: string[]): Series {
  const out: Series = new Map();
  for (const metric of family.metrics ?? []) {
    const labels = Object.fromEntries(
      (metric.labels ?? []).map(l => [l.name, l.value]),
    );
    const key = keyLabels.map(k => labels[k] ?? '').join('\u0000');
    const points = (metric.metricPoints ?? [])
      .map(p => ({
        timestamp: p.timestamp,
        value: Number(p.gaugeValue?.doubleValue ?? NaN),
      }))
      .filter(p => Number.isFinite(p.value));
    out.set(key, points);
  }
  return out;
}

const last = (points?: Array<{ value: number }>) =>
  points && points.length > 0 ? points[points.length - 1].value : undefined;

/**
 * RED metrics from Jaeger's Service Performance Monitoring API. Services
 * are asked for in batches (the API takes repeated `service` parameters),
 * so the poll costs a fixed number of requests per 50 services.
 */
export class JaegerSpmBackend implements TraceMetricsBackend {
  readonly upstream = 'jaeger';

  constructor(
    private readonly baseUrl: string,
    private readonly windowMinutes: number,
  ) {}

  private async metric(
    kind: 'calls' | 'errors' | 'latencies',
    services: string[],
    opts: {
      lookbackMs: number;
      stepMs: number;
      /** Jaeger's `ratePer`: the PromQL rate window of each point. */
      rateMs: number;
      byOperation: boolean;
      quantile?: number;
    },
    timeoutMs: number,
    now: Date,
  ) {
    const family = await fetchUpstreamJson<MetricFamily>({
      upstream: this.upstream,
      baseUrl: this.baseUrl,
      path: `/api/metrics/${kind}`,
      query: {
        service: services,
        endTs: String(now.getTime()),
        lookback: String(opts.lookbackMs),
        step: String(opts.stepMs),
        ratePer: String(opts.rateMs),
        spanKind: 'server',
        groupByOperation: String(opts.byOperation),
        quantile:
          opts.quantile === undefined ? undefined : String(opts.quantile),
      },
      timeoutMs,
    });
    return bySeriesKey(
      family,
      opts.byOperation ? ['service_name', 'operation'] : ['service_name'],
    );
  }

  async fetch(services: string[], timeoutMs: number, now: Date) {
    const result = new Map<string, ServiceTraces>();
    for (let i = 0; i < services.length; i += BATCH) {
      const batch = services.slice(i, i + BATCH);
      const windowMs = this.windowMinutes * 60_000;
      // Jaeger turns `ratePer` into the window of PromQL's rate(): the
      // figures cover the configured window, the sparkline points a minute.
      const current = {
        lookbackMs: windowMs,
        stepMs: windowMs,
        rateMs: windowMs,
        byOperation: false,
      };
      const hour = {
        lookbackMs: 3_600_000,
        stepMs: 60_000,
        rateMs: 60_000,
        byOperation: false,
      };
      const ops = { ...current, byOperation: true };
      const m = (
        kind: 'calls' | 'errors' | 'latencies',
        o: typeof current,
        q?: number,
      ) => this.metric(kind, batch, { ...o, quantile: q }, timeoutMs, now);
      const [
        calls,
        errors,
        p50,
        p95,
        p99,
        sCalls,
        sErrors,
        sP95,
        oCalls,
        oErrors,
        oP50,
        oP95,
        oP99,
      ] = await Promise.all([
        m('calls', current),
        m('errors', current),
        m('latencies', current, 0.5),
        m('latencies', current, 0.95),
        m('latencies', current, 0.99),
        m('calls', hour),
        m('errors', hour),
        m('latencies', hour, 0.95),
        m('calls', ops),
        m('errors', ops),
        m('latencies', ops, 0.5),
        m('latencies', ops, 0.95),
        m('latencies', ops, 0.99),
      ]);
      for (const service of batch) {
        if (!calls.has(service) && !sCalls.has(service)) continue;
        const errorSeries = new Map(
          (sErrors.get(service) ?? []).map(p => [p.timestamp, p.value]),
        );
        const p95Series = new Map(
          (sP95.get(service) ?? []).map(p => [p.timestamp, p.value]),
        );
        const operations: ServiceTraces['operations'] = [];
        for (const [key, points] of oCalls) {
          const [svc, op] = key.split('\u0000');
          if (svc !== service) continue;
          operations.push({
            name: op,
            requestRate: last(points) ?? 0,
            errorRatio: last(oErrors.get(key)) ?? 0,
            latencyMs: {
              p50: last(oP50.get(key)),
              p95: last(oP95.get(key)),
              p99: last(oP99.get(key)),
            },
          });
        }
        operations.sort((a, b) => b.requestRate - a.requestRate);
        result.set(service, {
          service,
          window: `${this.windowMinutes}m`,
          current: {
            requestRate: last(calls.get(service)) ?? 0,
            errorRatio: last(errors.get(service)) ?? 0,
            latencyMs: {
              p50: last(p50.get(service)),
              p95: last(p95.get(service)),
              p99: last(p99.get(service)),
            },
          },
          series: (sCalls.get(service) ?? []).map(p => ({
            timestamp: p.timestamp,
            requestRate: p.value,
            errorRatio: errorSeries.get(p.timestamp) ?? 0,
            p95Ms: p95Series.get(p.timestamp),
          })),
          operations: operations.slice(0, 10),
        });
      }
    }
    return result;
  }
}
