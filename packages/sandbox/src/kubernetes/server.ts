import { SimulatorServer, startHttpServer } from '../shared/http';
import { ClusterState } from './clusterState';
import { createKubernetesHandler, FaultSettings } from './handler';

export const DEFAULT_KUBE_TOKEN = 'sandbox-kube-token';

export interface KubernetesApiServerOptions {
  /** Cluster name, e.g. `dev`. */
  name: string;
  /** 0 or absent picks a free port. */
  port?: number;
  host?: string;
  /** The bearer token every request must carry (default `sandbox-kube-token`). */
  token?: string;
  state?: ClusterState;
  /**
   * Serve requests that carry no credentials, like a cluster with anonymous
   * auth bound to a permissive role. kubectl (client-go) never sends a bearer
   * token over plain HTTP, so this is how kubectl can talk to the sandbox.
   * Wrong tokens are still 401. Default false.
   */
  allowAnonymous?: boolean;
  latencyMs?: number;
  failureRate?: number;
  /** How many events are kept for resourceVersion resumption; older versions get 410. */
  watchHistory?: number;
  /** BOOKMARK cadence for watchers with allowWatchBookmarks (default 60 s like the real server). */
  bookmarkIntervalMs?: number;
  /** Watch lifetime when the client sends no timeoutSeconds (default 1800 s). */
  watchTimeoutSeconds?: number;
  /** Random source for the failure rate, for reproducible fault runs. */
  random?: () => number;
}

export interface KubernetesApiServer {
  name: string;
  url: string;
  port: number;
  state: ClusterState;
  /** Requests per `METHOD path`, kept across stop()/start(). */
  requestCounts: Map<string, number>;
  setLatency(ms: number): void;
  /** Fraction (0–1) of requests answered 500 with a Status body. */
  setFailureRate(rate: number): void;
  /** Accept connections but never answer (a cluster that hangs). */
  setHang(hang: boolean): void;
  /** Stop listening and drop open connections (watches end); state and port are kept. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function checkRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1))
    throw new Error(`failure rate must be between 0 and 1, got ${rate}`);
  return rate;
}

function checkLatency(ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms))
    throw new Error(
      `latency must be a non-negative number of milliseconds, got ${ms}`,
    );
  return ms;
}

/** Starts one simulated EKS cluster's API server on loopback. */
export async function startKubernetesApiServer(
  options: KubernetesApiServerOptions,
): Promise<KubernetesApiServer> {
  if (!options.name) throw new Error('a simulated cluster needs a name');
  const host = options.host ?? '127.0.0.1';
  const state = options.state ?? new ClusterState();
  if (options.watchHistory !== undefined)
    state.setHistoryLimit(options.watchHistory);
  const faults: FaultSettings = {
    latencyMs: checkLatency(options.latencyMs ?? 0),
    failureRate: checkRate(options.failureRate ?? 0),
    hang: false,
    random: options.random ?? Math.random,
  };
  const requestCounts = new Map<string, number>();
  let port = options.port ?? 0;
  const handler = createKubernetesHandler({
    state,
    token: options.token ?? DEFAULT_KUBE_TOKEN,
    allowAnonymous: options.allowAnonymous ?? false,
    faults,
    requestCounts,
    watch: {
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      defaultTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
    },
    serverAddress: () => `${host}:${port}`,
  });

  let server: SimulatorServer | undefined = await startHttpServer(
    (req, res) => handler(req, res),
    { port, host },
  );
  port = server.port;

  const api: KubernetesApiServer = {
    name: options.name,
    url: server.url,
    port,
    state,
    requestCounts,
    setLatency: ms => {
      faults.latencyMs = checkLatency(ms);
    },
    setFailureRate: rate => {
      faults.failureRate = checkRate(rate);
    },
    setHang: hang => {
      faults.hang = hang;
    },
    stop: async () => {
      const running = server;
      server = undefined;
      await running?.close();
    },
    start: async () => {
      if (server) return;
      server = await startHttpServer((req, res) => handler(req, res), {
        port,
        host,
      });
    },
    close: () => api.stop(),
  };
  return api;
}
