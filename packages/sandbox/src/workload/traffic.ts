import { Fleet, FleetService } from '../fleet';

/** Relative traffic per cluster: prod carries the full load curve. */
export const DEFAULT_CLUSTER_TRAFFIC_SCALE: Record<string, number> = {
  prod: 1,
  stage: 0.25,
  dev: 0.1,
};

/** Spread of the log-normal latency distribution; p95 ≈ 2.3 × median. */
const LATENCY_SIGMA = 0.5;
const Z = {
  0.5: 0,
  0.75: 0.674,
  0.9: 1.2816,
  0.95: 1.6449,
  0.99: 2.3263,
} as const;

export interface TrafficModelOptions {
  /** Period of the synthetic daily load curve. Short by default so changes are visible. */
  loadPeriodMs?: number;
}

/**
 * The synthetic traffic of the fleet as a pure function of time. The
 * workload simulator (HPA decisions), the metrics exporter and the span
 * emitter all read it, so replicas, metrics, alerts and traces agree.
 */
export class TrafficModel {
  readonly fleet: Fleet;
  readonly loadPeriodMs: number;

  constructor(fleet: Fleet, options: TrafficModelOptions = {}) {
    this.fleet = fleet;
    this.loadPeriodMs = options.loadPeriodMs ?? 20 * 60_000;
    if (!(this.loadPeriodMs > 0)) {
      throw new Error(
        `Sandbox traffic: loadPeriodMs must be positive, got ${options.loadPeriodMs}`,
      );
    }
  }

  /** Load relative to the base rate: a slow wave plus a faster ripple, between ~0.3 and ~1.8. */
  loadFactor(service: FleetService, timeMs: number): number {
    const phase = service.params.loadPhase;
    const cycle = timeMs / this.loadPeriodMs + phase;
    const ripple = timeMs / (this.loadPeriodMs / 7) + phase * 3;
    return (
      1 +
      0.6 * Math.sin(2 * Math.PI * cycle) +
      0.15 * Math.sin(2 * Math.PI * ripple)
    );
  }

  /** Requests per second reaching the service (all routes) in a cluster. */
  requestRate(service: FleetService, timeMs: number, clusterScale = 1): number {
    return (
      service.params.baseRps * this.loadFactor(service, timeMs) * clusterScale
    );
  }

  /** Share of requests failing with 5xx. */
  errorRatio(service: FleetService, timeMs: number): number {
    const base = service.params.errorRatio;
    // Errors rise a little under load, as they do for real services.
    return Math.min(1, base * (0.7 + 0.3 * this.loadFactor(service, timeMs)));
  }

  /** Median latency in milliseconds; slows down under load. */
  medianLatencyMs(service: FleetService, timeMs: number): number {
    return (
      service.params.latencyMs *
      (0.85 + 0.15 * this.loadFactor(service, timeMs))
    );
  }

  /** Latency at a quantile (0 < q < 1) in milliseconds. */
  latencyQuantileMs(
    service: FleetService,
    quantile: number,
    timeMs: number,
  ): number {
    const z =
      (Z as Record<number, number>)[quantile] ?? inverseNormal(quantile);
    return this.medianLatencyMs(service, timeMs) * Math.exp(LATENCY_SIGMA * z);
  }

  /** Mean latency in milliseconds (log-normal mean). */
  meanLatencyMs(service: FleetService, timeMs: number): number {
    return (
      this.medianLatencyMs(service, timeMs) *
      Math.exp((LATENCY_SIGMA * LATENCY_SIGMA) / 2)
    );
  }

  /** Share of requests faster than `thresholdMs` (the histogram bucket fraction). */
  latencyCdf(
    service: FleetService,
    thresholdMs: number,
    timeMs: number,
  ): number {
    if (thresholdMs === Infinity) return 1;
    if (thresholdMs <= 0) return 0;
    const median = this.medianLatencyMs(service, timeMs);
    return normalCdf(Math.log(thresholdMs / median) / LATENCY_SIGMA);
  }
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) *
      t +
      0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Inverse of the standard normal CDF by bisection (only for unusual quantiles). */
function inverseNormal(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new Error(
      `Sandbox traffic: quantile must be between 0 and 1, got ${p}`,
    );
  }
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
