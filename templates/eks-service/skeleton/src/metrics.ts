import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metric names and labels are a contract: the platform's alert rules and
 * status cards query exactly these series (docs/contracts.md of the platform).
 */
export interface HttpMetrics {
  registry: Registry;
  observe(route: string, method: string, code: number, seconds: number): void;
}

export function createMetrics(service: string, withDefaults = true): HttpMetrics {
  const registry = new Registry();
  if (withDefaults) {
    collectDefaultMetrics({ register: registry });
  }
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
