import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { SpanKind, SpanStatusCode, type Tracer, context, propagation } from '@opentelemetry/api';
import type { Database } from './database/database';
import type { Logger } from './logger';
import type { HttpMetrics } from './metrics';

export interface ServerDeps {
  serviceName: string;
  logger: Logger;
  metrics: HttpMetrics;
  tracer: Tracer;
  /** Readiness flips to false as soon as shutdown starts. */
  isReady: () => boolean;
  /** Present when the service has a database (DATABASE_CREDENTIALS_FILE). */
  database?: Database;
  /**
   * Serve /metrics on this server too (default). Off when METRICS_PORT gives
   * the metrics a port of their own, which only Prometheus may reach.
   */
  serveMetrics?: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

function metricsHandler(metrics: HttpMetrics): Handler {
  return async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  };
}

/**
 * The metrics port (METRICS_PORT): /metrics and nothing else, so the
 * NetworkPolicy can admit Prometheus there and only there.
 */
export function createMetricsServer(metrics: HttpMetrics, logger: Logger): Server {
  const handler = metricsHandler(metrics);
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      logger.error('metrics handler failed', { error });
      sendJson(res, 500, { error: 'internal error' });
    });
  });
}

/**
 * Routes are matched exactly; the route label of every metric is the route
 * template, never the raw URL, so a scan of random paths cannot explode the
 * number of series.
 */
function buildRoutes(deps: ServerDeps): Map<string, Handler> {
  const routes = new Map<string, Handler>([
    ['GET /healthz', (_req, res) => sendJson(res, 200, { status: 'ok' })],
    [
      'GET /readyz',
      (_req, res) =>
        deps.isReady()
          ? sendJson(res, 200, { status: 'ready' })
          : sendJson(res, 503, { status: 'shutting down' }),
    ],
    ['GET /', (_req, res) => sendJson(res, 200, { service: deps.serviceName, message: 'hello' })],
  ]);
  if (deps.serveMetrics ?? true) {
    routes.set('GET /metrics', metricsHandler(deps.metrics));
  }
  const { database } = deps;
  if (database) {
    // A round trip with the credentials in use. Not a probe on purpose: a
    // database outage must not take every pod out of the Service at once.
    routes.set('GET /status/database', async (_req, res) => {
      const status = await database.check();
      if (status.ok) {
        sendJson(res, 200, { status: 'ok' });
      } else {
        sendJson(res, 503, { status: 'unavailable', reason: status.reason, code: status.code });
      }
    });
  }
  return routes;
}

/** Probe and scrape traffic is not business traffic: no spans, no request metrics. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

export function createHttpServer(deps: ServerDeps): Server {
  const routes = buildRoutes(deps);
  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes.get(`${method} ${path}`);
    const route = handler ? path : 'unmatched';

    if (UNTRACED.has(path) && handler) {
      Promise.resolve(handler(req, res)).catch((error: unknown) => {
        deps.logger.error('probe handler failed', { path, error });
        sendJson(res, 500, { error: 'internal error' });
      });
      return;
    }

    const parent = propagation.extract(context.active(), req.headers);
    deps.tracer.startActiveSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'http.route': route, 'url.path': path },
      },
      parent,
      async (span) => {
        res.on('finish', () => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          deps.metrics.observe(route, method, res.statusCode, seconds);
          span.setAttribute('http.response.status_code', res.statusCode);
          if (res.statusCode >= 500) {
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
          deps.logger.info('request', {
            method,
            route,
            status: res.statusCode,
            durationMs: Math.round(seconds * 1000),
            traceId: span.spanContext().traceId,
          });
        });
        try {
          if (!handler) {
            sendJson(res, 404, { error: 'not found' });
            return;
          }
          await handler(req, res);
        } catch (error) {
          span.recordException(error as Error);
          deps.logger.error('request failed', { method, route, error });
          if (!res.headersSent) {
            sendJson(res, 500, { error: 'internal error' });
          }
        }
      },
    );
  });
}
