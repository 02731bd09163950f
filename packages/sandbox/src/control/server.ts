import { KubernetesApiServer } from '../kubernetes';
import { readJsonBody, sendJson, startHttpServer } from '../shared/http';

export interface ControlServerOptions {
  clusters: Record<string, KubernetesApiServer>;
  /** Extra information for `GET /sandbox/status` (URLs, Prometheus availability …). */
  status: () => Record<string, unknown>;
  port?: number;
}

export interface ControlServer {
  url: string;
  port: number;
  /** Whether a cluster's API server currently listens. */
  isRunning(cluster: string): boolean;
  close(): Promise<void>;
}

interface FaultBody {
  latencyMs?: unknown;
  failureRate?: unknown;
  hang?: unknown;
}

/**
 * Lets end-to-end tests and demos break the sandbox on purpose: stop or
 * start one cluster's API server, or make it slow, flaky or hanging.
 * Loopback only and unauthenticated, like the rest of the sandbox.
 */
export async function startControlServer(
  options: ControlServerOptions,
): Promise<ControlServer> {
  const running = new Map(
    Object.keys(options.clusters).map(name => [name, true]),
  );
  const server = await startHttpServer(
    async (req, res, url) => {
      if (url.pathname === '/sandbox/status' && req.method === 'GET') {
        sendJson(res, 200, {
          ...options.status(),
          clusters: Object.fromEntries(
            Object.entries(options.clusters).map(([name, api]) => [
              name,
              { url: api.url, running: running.get(name) },
            ]),
          ),
        });
        return;
      }
      const match = url.pathname.match(
        /^\/sandbox\/clusters\/([^/]+)\/(stop|start|faults)$/,
      );
      if (!match) {
        sendJson(res, 404, {
          message: `no route ${req.method} ${url.pathname}; use GET /sandbox/status or POST /sandbox/clusters/<name>/stop|start|faults`,
        });
        return;
      }
      if (req.method !== 'POST') {
        sendJson(
          res,
          405,
          { message: `${url.pathname} only accepts POST` },
          { Allow: 'POST' },
        );
        return;
      }
      const name = decodeURIComponent(match[1]);
      const api = options.clusters[name];
      if (!api) {
        sendJson(res, 404, {
          message: `unknown cluster '${name}'; known clusters: ${Object.keys(
            options.clusters,
          ).join(', ')}`,
        });
        return;
      }
      if (match[2] === 'stop') {
        await api.stop();
        running.set(name, false);
      } else if (match[2] === 'start') {
        await api.start();
        running.set(name, true);
      } else {
        let body: FaultBody | undefined;
        try {
          body = await readJsonBody<FaultBody>(req);
        } catch {
          sendJson(res, 400, {
            message:
              'the body must be JSON: {"latencyMs": 500, "failureRate": 0.1, "hang": false}',
          });
          return;
        }
        const problem = validateFaults(body ?? {});
        if (problem) {
          sendJson(res, 400, { message: problem });
          return;
        }
        if (body?.latencyMs !== undefined)
          api.setLatency(body.latencyMs as number);
        if (body?.failureRate !== undefined)
          api.setFailureRate(body.failureRate as number);
        if (body?.hang !== undefined) api.setHang(body.hang as boolean);
      }
      sendJson(res, 200, { name, url: api.url, running: running.get(name) });
    },
    { port: options.port },
  );
  return {
    url: server.url,
    port: server.port,
    isRunning: name => running.get(name) ?? false,
    close: server.close,
  };
}

function validateFaults(body: FaultBody): string | undefined {
  if (
    body.latencyMs !== undefined &&
    !(typeof body.latencyMs === 'number' && body.latencyMs >= 0)
  ) {
    return 'latencyMs must be a non-negative number of milliseconds';
  }
  if (
    body.failureRate !== undefined &&
    !(
      typeof body.failureRate === 'number' &&
      body.failureRate >= 0 &&
      body.failureRate <= 1
    )
  ) {
    return 'failureRate must be a number between 0 and 1';
  }
  if (body.hang !== undefined && typeof body.hang !== 'boolean') {
    return 'hang must be true or false';
  }
  return undefined;
}
