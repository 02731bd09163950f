import { Fleet, FleetService } from '../fleet';
import { TrafficModel } from '../workload/traffic';

export type SpmKind = 'calls' | 'errors' | 'latencies';

export interface SpmQuery {
  services: string[];
  groupByOperation: boolean;
  spanKinds: string[];
  endTs: number;
  lookbackMs: number;
  stepMs: number;
  ratePerMs: number;
  quantile?: number;
}

/** Prometheus refuses range queries with more points than this per series. */
const MAX_POINTS = 11_000;
const WINDOW_SAMPLES = 5;

function names(
  kind: SpmKind,
  byOperation: boolean,
  quantile?: number,
): { name: string; help: string } {
  const grouping = byOperation
    ? 'grouped by service & operation'
    : 'grouped by service';
  const prefix = byOperation ? 'service_operation_' : 'service_';
  switch (kind) {
    case 'calls':
      return { name: `${prefix}call_rate`, help: `calls/sec, ${grouping}` };
    case 'errors':
      return {
        name: `${prefix}error_rate`,
        help: `error rate, computed as a fraction of errors/sec over calls/sec, ${grouping}`,
      };
    default:
      return {
        name: `${prefix}latencies`,
        help: `${(quantile ?? 0).toFixed(2)}th quantile latency, ${grouping}`,
      };
  }
}

/**
 * Jaeger's Service Performance Monitoring answers (the Prometheus metrics
 * store's shape), computed from the same traffic model the exporter uses.
 */
export function spmMetricFamily(
  fleet: Fleet,
  traffic: TrafficModel,
  kind: SpmKind,
  query: SpmQuery,
) {
  const points = Math.floor(query.lookbackMs / query.stepMs) + 1;
  if (points > MAX_POINTS) {
    throw new Error(
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  }
  const { name, help } = names(kind, query.groupByOperation, query.quantile);
  const services = query.services
    .map(s => fleet.byName.get(s))
    .filter((s): s is FleetService => Boolean(s));
  // Only server spans carry the RED metrics in the sandbox (Jaeger's default span kind).
  const serves = query.spanKinds.includes('SPAN_KIND_SERVER');
  const metrics = serves
    ? services.flatMap(service => {
        const series = query.groupByOperation
          ? service.routes.map(r => ({
              operation: `${r.method} ${r.route}`,
              share: r.share,
            }))
          : [{ operation: undefined, share: 1 }];
        return series.map(({ operation, share }) => ({
          labels: [
            ...(operation ? [{ name: 'operation', value: operation }] : []),
            { name: 'service_name', value: service.name },
          ],
          metricPoints: Array.from({ length: points }, (_, i) => {
            const at = query.endTs - query.lookbackMs + i * query.stepMs;
            return {
              gaugeValue: {
                doubleValue: round(
                  value(traffic, service, kind, query, at, share),
                ),
              },
              timestamp: new Date(at).toISOString(),
            };
          }),
        }));
      })
    : [];
  return { name, type: 'GAUGE', help, metrics };
}

function value(
  traffic: TrafficModel,
  service: FleetService,
  kind: SpmKind,
  query: SpmQuery,
  at: number,
  share: number,
): number {
  if (kind === 'latencies')
    return traffic.latencyQuantileMs(service, query.quantile!, at);
  // rate(x[ratePer]) is the average over the window ending at `at`.
  let calls = 0;
  let errors = 0;
  for (let i = 0; i < WINDOW_SAMPLES; i++) {
    const t = at - (query.ratePerMs * (i + 0.5)) / WINDOW_SAMPLES;
    const rate = traffic.requestRate(service, t) * share;
    calls += rate;
    errors += rate * traffic.errorRatio(service, t);
  }
  return kind === 'calls' ? calls / WINDOW_SAMPLES : errors / calls;
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}
