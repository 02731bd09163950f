import { Fleet } from '../fleet';
import { sendJson, startHttpServer } from '../shared/http';
import { TrafficModel } from '../workload/traffic';
import { TrafficCounters } from './counters';
import { DeploymentGauge, renderExposition } from './exposition';

export interface MetricsExporterOptions {
  fleet: Fleet;
  traffic: TrafficModel;
  /** Ready/desired replicas per cluster (the workload simulator's `readyReplicas`). */
  deployments?: () => DeploymentGauge[];
  /**
   * At most this many services get traffic metrics (catalog services first).
   * A 1,000-service benchmark fleet would otherwise make every scrape ~10 MB.
   */
  maxServices?: number;
  clock?: () => number;
  port?: number;
}

export interface MetricsExporter {
  url: string;
  port: number;
  /** The current exposition text (what `/metrics` serves). */
  render(): string;
  close(): Promise<void>;
}

/** Serves `/metrics` for Prometheus to scrape, driven by the shared traffic model (prod traffic). */
export async function startMetricsExporter(
  options: MetricsExporterOptions,
): Promise<MetricsExporter> {
  const clock = options.clock ?? Date.now;
  const services = options.fleet.services.slice(0, options.maxServices ?? 200);
  const counters = new TrafficCounters(options.traffic, services, clock());
  const render = () => {
    counters.advanceTo(clock());
    return renderExposition(counters.routes, options.deployments?.() ?? []);
  };
  const server = await startHttpServer(
    (req, res, url) => {
      if (url.pathname !== '/metrics') {
        sendJson(res, 404, {
          message: `no route ${url.pathname}; metrics are at /metrics`,
        });
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const body = render();
      res.writeHead(200, {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    { port: options.port },
  );
  return { url: server.url, port: server.port, render, close: server.close };
}
