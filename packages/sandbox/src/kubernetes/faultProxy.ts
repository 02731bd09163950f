import http from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { ClusterFaults, faultProblem, NO_FAULTS } from './faults';

/** One request seen by the proxy (newest last), for tests and benchmarks. */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** The query string without `?`, e.g. `watch=true&resourceVersion=123`. */
  query: string;
  at: number;
}

export interface FaultProxyOptions {
  name: string;
  /** The real API server, `https://127.0.0.1:<port>`. */
  upstreamUrl: string;
  /** CA (PEM) that signed the upstream's certificate. */
  ca: string;
  /** The proxy's own serving certificate and key (PEM), signed by the same CA. */
  cert: string;
  key: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Random source of `failureRate` (reproducible runs). */
  random?: () => number;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** Requests per `METHOD path`, kept across stop()/start(). */
  requestCounts: Map<string, number>;
  /** The last 2,000 requests. */
  requests: ProxiedRequest[];
  /**
   * Requests whose exchange is still open: not answered to the end yet, a
   * live watch, or held by the `hang` fault. A client that abandons a
   * request without closing its connection shows up here.
   */
  openRequests(): number;
  faults(): ClusterFaults;
  /** Changes some faults; throws with what to fix when a value is invalid. */
  setFaults(faults: Partial<ClusterFaults>): void;
  readonly running: boolean;
  /** Stops listening and drops every open connection (watches end). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
]);

/*
 * Paths the apiserver would forward to a kubelet. The sandbox runs no
 * kubelets, and the nodes' addresses are made up (10.0.x.y): answered
 * here so no request ever leaves the loopback interface.
 */
const KUBELET_PATHS =
  /^\/api\/v1\/(namespaces\/[^/]+\/pods\/[^/]+\/(log|exec|attach|portforward|proxy)(\/.*)?|nodes\/[^/]+\/proxy(\/.*)?)$/;

function status(code: number, reason: string, message: string) {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}

function isWatch(url: URL): boolean {
  const w = url.searchParams.get('watch');
  return w === 'true' || w === '1' || url.pathname.includes('/watch/');
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * A TLS-terminating proxy in front of one real kube-apiserver: clients
 * see the cluster at the proxy's URL (a certificate from the sandbox CA
 * for 127.0.0.1), and the proxy can make the cluster slow, failing,
 * hanging, dripping, dropping connections, answering oversized bodies, or
 * unreachable — while the server behind it keeps its state.
 */
export async function startFaultProxy(
  options: FaultProxyOptions,
): Promise<FaultProxy> {
  const upstream = new URL(options.upstreamUrl);
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 256,
    ca: options.ca,
  });
  const random = options.random ?? Math.random;
  let faults: ClusterFaults = { ...NO_FAULTS };
  const requestCounts = new Map<string, number>();
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  let open = 0;
  let port = options.port ?? 0;
  let server: https.Server | undefined;

  const relay = (
    answer: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    active: ClusterFaults,
  ) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(answer.headers)) {
      if (!HOP_BY_HOP.has(k)) headers[k] = v;
    }
    const pad =
      active.oversizedBytes > 0 &&
      answer.statusCode === 200 &&
      !isWatch(url) &&
      String(answer.headers['content-type']).includes('json');
    const rewrites =
      pad || active.dripBytesPerSecond > 0 || active.resetAfterBytes !== null;
    if (rewrites) delete headers['content-length'];
    res.writeHead(answer.statusCode ?? 502, headers);
    // Node holds headers back until the first body byte; a watch with no
    // event yet must still look established to the client.
    res.flushHeaders();
    if (!rewrites) {
      answer.pipe(res);
      return;
    }
    let sent = 0;
    // Writes one piece, honouring drip and reset; false once the connection is cut.
    const emit = async (chunk: Buffer): Promise<boolean> => {
      const step =
        active.dripBytesPerSecond > 0
          ? Math.max(1, Math.ceil(active.dripBytesPerSecond / 10))
          : chunk.length;
      for (let i = 0; i < chunk.length; i += step) {
        let piece = chunk.subarray(i, i + step);
        if (active.resetAfterBytes !== null) {
          const left = active.resetAfterBytes - sent;
          if (piece.length >= left) {
            piece = piece.subarray(0, left);
            // Cut once the bytes before the cut are on the wire.
            const cut = () => {
              res.socket?.destroy();
              answer.destroy();
            };
            if (piece.length) res.write(piece, cut);
            else cut();
            return false;
          }
        }
        if (res.destroyed) return false;
        res.write(piece);
        sent += piece.length;
        if (active.dripBytesPerSecond > 0) await sleep(100);
      }
      return true;
    };
    (async () => {
      if (pad) {
        const chunks: Buffer[] = [];
        for await (const c of answer) chunks.push(c as Buffer);
        const body = Buffer.concat(chunks);
        const padding = Math.max(0, active.oversizedBytes - body.length);
        if (!(await emit(body))) return;
        // JSON allows any amount of trailing whitespace.
        const block = Buffer.alloc(Math.min(padding, 1 << 20), ' ');
        for (let left = padding; left > 0; left -= block.length) {
          if (!(await emit(block.subarray(0, Math.min(left, block.length)))))
            return;
        }
      } else {
        for await (const c of answer) {
          if (!(await emit(c as Buffer))) return;
        }
      }
      res.end();
    })().catch(() => res.destroy());
  };

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    active: ClusterFaults,
  ) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(k)) headers[k] = v;
    }
    const out = https.request(
      {
        protocol: 'https:',
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: url.pathname + url.search,
        headers,
        agent,
      },
      answer => relay(answer, res, url, active),
    );
    out.on('error', error => {
      if (!res.headersSent) {
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(
          status(
            503,
            'ServiceUnavailable',
            `the API server of cluster ${options.name} is not answering: ${
              (error as NodeJS.ErrnoException).code ?? error.message
            }`,
          ),
        );
      } else {
        res.destroy();
      }
    });
    // A client that goes away (a stopped watch) ends the upstream request too.
    res.on('close', () => out.destroy());
    req.pipe(out);
  };

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const url = new URL(req.url ?? '/', 'https://proxy');
    const key = `${req.method} ${url.pathname}`;
    requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      at: Date.now(),
    });
    if (requests.length > 2000) requests.splice(0, requests.length - 2000);
    open++;
    res.on('close', () => open--);
    // Every request sees the faults set when it arrived.
    const active = faults;
    if (active.latencyMs > 0) await sleep(active.latencyMs);
    if (active.hang) return; // the socket stays open until stop()/close()
    if (res.destroyed) return;
    if (active.failureRate > 0 && random() < active.failureRate) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(
        status(
          500,
          'InternalError',
          'Internal error occurred: injected by the sandbox fault proxy',
        ),
      );
      return;
    }
    if (KUBELET_PATHS.test(url.pathname)) {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end(
        status(
          503,
          'ServiceUnavailable',
          'the sandbox runs no kubelets: pod logs, exec, attach, port-forward and node proxies are not available',
        ),
      );
      return;
    }
    forward(req, res, url, active);
  };

  const listen = async () => {
    const s = https.createServer(
      { cert: options.cert, key: options.key },
      (req, res) => {
        handle(req, res).catch(() => res.destroy());
      },
    );
    // Raw TCP sockets, so connections still in their TLS handshake are cut too.
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    s.on('tlsClientError', () => {});
    // Long-lived watches must not keep stop() waiting.
    s.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };

  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    const closed = new Promise<void>(resolve => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    requestCounts,
    requests,
    openRequests: () => open,
    faults: () => ({ ...faults }),
    setFaults(next) {
      const problem = faultProblem(next);
      if (problem) throw new Error(problem);
      faults = { ...faults, ...next };
    },
    get running() {
      return server !== undefined;
    },
    stop,
    start: async () => {
      if (!server) await listen();
    },
    close: async () => {
      await stop();
      agent.destroy();
    },
  };
}
