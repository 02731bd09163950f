import { FleetService } from '../fleet';
import { TrafficModel } from '../workload/traffic';

/** Default buckets of the Prometheus client libraries (seconds). */
export const HTTP_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Accumulated traffic of one route since the exporter started. */
export interface RouteCounters {
  service: FleetService;
  method: string;
  route: string;
  /** Requests per status code (fractional accumulators; exposed rounded down). */
  byCode: Map<string, number>;
  total: number;
  /** Cumulative counts per HTTP bucket (same order as HTTP_BUCKETS_SECONDS). */
  httpBuckets: number[];
  /** Sum of latencies in milliseconds. */
  latencySumMs: number;
}

const MAX_STEP_MS = 1000;

/**
 * Integrates the traffic model over time into monotonic counters and
 * histogram buckets. Deterministic: expected values, no sampling noise, so
 * rates computed by Prometheus match the model.
 */
export class TrafficCounters {
  readonly routes: RouteCounters[] = [];
  private lastAt: number;

  constructor(
    private readonly traffic: TrafficModel,
    services: FleetService[],
    startAt: number,
    private readonly clusterScale = 1,
  ) {
    this.lastAt = startAt;
    for (const service of services) {
      for (const route of service.routes) {
        this.routes.push({
          service,
          method: route.method,
          route: route.route,
          byCode: new Map(),
          total: 0,
          httpBuckets: HTTP_BUCKETS_SECONDS.map(() => 0),
          latencySumMs: 0,
        });
      }
    }
  }

  advanceTo(now: number): void {
    while (this.lastAt < now) {
      const step = Math.min(MAX_STEP_MS, now - this.lastAt);
      this.integrate(this.lastAt + step / 2, step / 1000);
      this.lastAt += step;
    }
  }

  private integrate(at: number, seconds: number): void {
    for (const counters of this.routes) {
      const { service } = counters;
      const share = service.routes.find(
        r => r.route === counters.route && r.method === counters.method,
      )!.share;
      const requests =
        this.traffic.requestRate(service, at, this.clusterScale) *
        share *
        seconds;
      const errorRatio = this.traffic.errorRatio(service, at);
      const failed = requests * errorRatio;
      const okCode = counters.method === 'POST' ? '201' : '200';
      add(counters.byCode, okCode, requests - failed);
      add(counters.byCode, '500', failed * 0.8);
      add(counters.byCode, '503', failed * 0.2);
      counters.total += requests;
      counters.latencySumMs +=
        requests * this.traffic.meanLatencyMs(service, at);
      HTTP_BUCKETS_SECONDS.forEach((le, i) => {
        counters.httpBuckets[i] +=
          requests * this.traffic.latencyCdf(service, le * 1000, at);
      });
    }
  }
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}
