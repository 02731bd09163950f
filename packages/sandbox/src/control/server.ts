import { IncomingMessage, ServerResponse } from 'node:http';
import { faultProblem, KubernetesCluster } from '../kubernetes';
import { readJsonBody, sendJson, startHttpServer } from '../shared/http';
import {
  ControlledSimulators,
  FAILURE_EXAMPLES,
  failureRuleProblem,
  isSimulatorName,
} from './simulatorFailures';

export interface ControlServerOptions {
  clusters: Record<string, KubernetesCluster>;
  /** Extra information for `GET /sandbox/status` (URLs, Prometheus availability …). */
  status: () => Record<string, unknown>;
  /** Simulators whose failures `POST/DELETE /sandbox/<name>/failures` set and clear. */
  simulators?: ControlledSimulators;
  port?: number;
}

export interface ControlServer {
  url: string;
  port: number;
  /** Whether a cluster's API server currently listens. */
  isRunning(cluster: string): boolean;
  close(): Promise<void>;
}

/**
 * Lets end-to-end tests and demos break the sandbox on purpose: make one
 * cluster unreachable and reachable again, or make its fault proxy slow,
 * failing, hanging, dripping, dropping connections or oversized; make the
 * next requests to a simulator (GitHub, Argo CD, Vault, ECR) fail, and
 * clear that again.
 * Loopback only and unauthenticated, like the rest of the sandbox.
 */
export async function startControlServer(
  options: ControlServerOptions,
): Promise<ControlServer> {
  const server = await startHttpServer(
    async (req, res, url) => {
      if (url.pathname === '/sandbox/status' && req.method === 'GET') {
        sendJson(res, 200, {
          ...options.status(),
          clusters: Object.fromEntries(
            Object.entries(options.clusters).map(([name, api]) => [
              name,
              { url: api.url, running: api.running, faults: api.faults() },
            ]),
          ),
        });
        return;
      }
      const failures = url.pathname.match(/^\/sandbox\/([^/]+)\/failures$/);
      if (failures) {
        await simulatorFailures(req, res, failures[1], options.simulators);
        return;
      }
      const match = url.pathname.match(
        /^\/sandbox\/clusters\/([^/]+)\/(stop|start|faults)$/,
      );
      if (!match) {
        sendJson(res, 404, {
          message: `no route ${req.method} ${url.pathname}; use GET /sandbox/status, POST /sandbox/clusters/<name>/stop|start|faults or POST|DELETE /sandbox/<github|argocd|vault|ecr>/failures`,
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
      } else if (match[2] === 'start') {
        await api.start();
      } else {
        let body: unknown;
        try {
          body = await readJsonBody<unknown>(req);
        } catch {
          sendJson(res, 400, {
            message:
              'the body must be JSON, e.g. {"latencyMs": 500, "failureRate": 0.1, "hang": false, "dripBytesPerSecond": 0, "resetAfterBytes": null, "oversizedBytes": 0}',
          });
          return;
        }
        // Checked whole before anything changes.
        const problem = faultProblem(body ?? {});
        if (problem) {
          sendJson(res, 400, { message: problem });
          return;
        }
        api.setFaults((body ?? {}) as Parameters<typeof api.setFaults>[0]);
      }
      sendJson(res, 200, {
        name,
        url: api.url,
        running: api.running,
        faults: api.faults(),
      });
    },
    { port: options.port },
  );
  return {
    url: server.url,
    port: server.port,
    isRunning: name => options.clusters[name]?.running ?? false,
    close: server.close,
  };
}

/**
 * POST adds a failure rule to a simulator (checked whole before it is
 * added), DELETE clears every rule of that simulator.
 */
async function simulatorFailures(
  req: IncomingMessage,
  res: ServerResponse,
  rawName: string,
  simulators: ControlledSimulators = {},
) {
  const name = decodeURIComponent(rawName);
  const simulator = isSimulatorName(name) ? simulators[name] : undefined;
  if (!isSimulatorName(name) || !simulator) {
    sendJson(res, 404, {
      message: `no simulator '${name}' in this sandbox; known: ${Object.keys(
        simulators,
      ).join(', ')}`,
    });
    return;
  }
  if (req.method === 'DELETE') {
    simulator.clearFailures();
    sendJson(res, 200, { simulator: name, cleared: true });
    return;
  }
  if (req.method !== 'POST') {
    sendJson(
      res,
      405,
      { message: `/sandbox/${name}/failures accepts POST and DELETE` },
      { Allow: 'POST, DELETE' },
    );
    return;
  }
  let body: unknown;
  try {
    body = await readJsonBody<unknown>(req);
  } catch {
    sendJson(res, 400, {
      message: `the body must be JSON, e.g. ${FAILURE_EXAMPLES[name]}`,
    });
    return;
  }
  const problem = failureRuleProblem(name, body);
  if (problem) {
    sendJson(res, 400, { message: problem });
    return;
  }
  try {
    // The simulator checks the values (status range) and throws before adding.
    simulator.setFailure(body as any);
  } catch (error) {
    sendJson(res, 400, { message: (error as Error).message });
    return;
  }
  sendJson(res, 200, { simulator: name, added: body });
}
