import { Fleet } from '../fleet';
import { sendJson, startHttpServer } from '../shared/http';
import { TrafficModel } from '../workload/traffic';
import { TrafficCounters } from './counters';
import { DeploymentGauge, renderExposition } from './exposition';

export interface MetricsExporterOptions {
  fleet: Fleet;
  traffic: TrafficModel;
  /** Replicas, HPA and crash-looping pods per cluster (the workload simulator's `readyReplicas`). */
  deployments?: () => DeploymentGauge[];
  /**
   * At most this many services get traffic metrics (catalog services first).
   * A 1,000-service benchmark fleet would otherwise make every scrape ~10 MB.
   */
  maxServices?: number;
  clock?: () => number;
  port?: number;
}

/** What one scrape asks for; nothing: every metric. */
export interface ScrapeScope {
  /** `/metrics?service=<name>`: that service's HTTP metrics (one target per service). */
  service?: string;
  /** `/metrics?scope=kube-state`: the kube-state-metrics series only. */
  kubeStateOnly?: boolean;
}

export interface MetricsExporter {
  url: string;
  port: number;
  /** The current exposition text (what `/metrics` serves for that scope). */
  render(scope?: ScrapeScope): string;
  close(): Promise<void>;
}

/** Serves `/metrics` for Prometheus to scrape, driven by the shared traffic model (prod traffic). */
export async function startMetricsExporter(
  options: MetricsExporterOptions,
): Promise<MetricsExporter> {
  const clock = options.clock ?? Date.now;
  const services = options.fleet.services.slice(0, options.maxServices ?? 200);
  const counters = new TrafficCounters(options.traffic, services, clock());
  const served = new Set(services.map(s => s.name));
  const render = (scope: ScrapeScope = {}) => {
    counters.advanceTo(clock());
    const routes = scope.kubeStateOnly
      ? []
      : counters.routes.filter(
          r => scope.service === undefined || r.service.name === scope.service,
        );
    const deployments =
      scope.service === undefined ? options.deployments?.() ?? [] : [];
    return renderExposition(routes, deployments);
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
      const service = url.searchParams.get('service') ?? undefined;
      const scopeParam = url.searchParams.get('scope');
      if (scopeParam !== null && scopeParam !== 'kube-state') {
        sendJson(res, 400, {
          message: `unknown scope '${scopeParam}'; the only scope is kube-state`,
        });
        return;
      }
      if (service !== undefined && !served.has(service)) {
        // The target of a service without metrics is down, as a service
        // whose pods do not answer.
        sendJson(res, 404, {
          message: `no metrics for service '${service}': it is not one of the ${served.size} services this exporter serves`,
        });
        return;
      }
      const body = render({ service, kubeStateOnly: scopeParam !== null });
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
