import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResourceMetricLabels } from './telemetry/resource';

/**
 * The metric names and labels are a contract: the platform's alert rules and
 * status cards query exactly these series (docs/contracts.md of the platform).
 */
export interface HttpMetrics {
  registry: Registry;
  observe(route: string, method: string, code: number, seconds: number): void;
}

export interface MetricsOptions {
  /** Node.js runtime metrics (event loop, heap, CPU); off in tests that compare output. */
  defaultMetrics?: boolean;
  /**
   * Resource attributes as labels (resourceMetricLabels): the series labels
   * on every series, so a dashboard splits by environment or cluster without
   * a join; all of them on `target_info`.
   */
  resourceLabels?: ResourceMetricLabels;
}

/** Labels our own series use; a resource attribute never overrides them. */
const RESERVED_LABELS = new Set(['service', 'route', 'method', 'code', 'le', 'quantile']);

export function createMetrics(service: string, options: MetricsOptions = {}): HttpMetrics {
  const registry = new Registry();
  const keep = (labels: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries(labels).filter(([name]) => !RESERVED_LABELS.has(name)));
  const series = keep(options.resourceLabels?.series);
  registry.setDefaultLabels(series);
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
  }
  // OpenTelemetry's Prometheus compatibility: one series describing the target.
  const target = keep(options.resourceLabels?.target);
  const targetLabels = Object.keys(target).filter((name) => !(name in series));
  new Gauge({
    name: 'target_info',
    help: 'Target metadata: the OpenTelemetry resource attributes of this process.',
    labelNames: ['service', ...targetLabels],
    registers: [registry],
  }).set(
    { service, ...Object.fromEntries(targetLabels.map((name) => [name, target[name] ?? ''])) },
    1,
  );
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by route, method and status code.',
    labelNames: ['service', 'route', 'method', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by route and method.',
    labelNames: ['service', 'route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    observe(route, method, code, seconds) {
      requests.inc({ service, route, method, code: String(code) });
      duration.observe({ service, route, method }, seconds);
    },
  };
}
