import type { RequestHandler } from 'express';
import http from 'node:http';
import { Counter, Histogram, register } from 'prom-client';

/*
 * The golden-path chart's contract with a service: /metrics on METRICS_PORT
 * (only Prometheus may reach that port), with `http_requests_total` and
 * `http_request_duration_seconds` by status code, which the chart's
 * PrometheusRule turns into the availability and latency burn-rate alerts.
 * The portal keeps that contract so it gets the same alerts; the catalog's
 * and scaffolder's own prom-client metrics come with it (default registry).
 */

function counter(): Counter<'method' | 'code'> {
  return (
    (register.getSingleMetric('http_requests_total') as Counter<
      'method' | 'code'
    >) ??
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served, by method and status code',
      labelNames: ['method', 'code'],
    })
  );
}

function histogram(): Histogram<'method' | 'code'> {
  return (
    (register.getSingleMetric('http_request_duration_seconds') as Histogram<
      'method' | 'code'
    >) ??
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration, by method and status code',
      labelNames: ['method', 'code'],
      // Includes the chart's default latency SLO threshold (0.5 s).
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    })
  );
}

/** Records every request's outcome (no path label: unbounded cardinality). */
export function httpMetricsMiddleware(): RequestHandler {
  const requests = counter();
  const durations = histogram();
  return (req, res, next) => {
    const end = durations.startTimer({ method: req.method });
    res.once('finish', () => {
      const code = String(res.statusCode);
      requests.inc({ method: req.method, code });
      end({ code });
    });
    next();
  };
}

/** Serves the default registry on its own port; resolves once listening. */
export async function startMetricsServer(
  port: number,
  host?: string,
): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await register.metrics();
      res.writeHead(200, { 'Content-Type': register.contentType }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
