import http from 'node:http';
import { AddressInfo } from 'node:net';

/*
 * A small load balancer in front of the backend replicas, behaving like the
 * ALB in front of the pods: it health-checks each replica's readiness
 * endpoint, routes round-robin to the ready ones over pooled keep-alive
 * connections, and never retries (a request that fails reaches the client,
 * so the test counts it).
 *
 * A replica leaves the rotation at once when it answers "not ready" (a
 * draining replica's 503) or refuses the connection (its process is gone),
 * but only after `unhealthyThreshold` health checks in a row that timed
 * out, like the ALB's UnhealthyThresholdCount: on a loaded machine one slow
 * answer from the only replica left must not take the whole service out.
 */
export class RoundRobinProxy {
  private server?: http.Server;
  private readonly ready = new Map<string, boolean>();
  private readonly timeouts = new Map<string, number>();
  private next = 0;
  private poller?: NodeJS.Timeout;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  /** Requests answered with the proxy's own 502/503 (no replica could answer). */
  proxyErrors = 0;

  constructor(
    private readonly upstreams: string[],
    private readonly healthIntervalMs = 250,
    private readonly unhealthyThreshold = 3,
  ) {
    for (const u of upstreams) this.ready.set(u, false);
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Upstreams currently in rotation. */
  readyUpstreams(): string[] {
    return this.upstreams.filter(u => this.ready.get(u));
  }

  async start(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => this.forward(req, res));
    await new Promise<void>(r => this.server!.listen(port, '127.0.0.1', r));
    const check = async () => {
      await Promise.all(
        this.upstreams.map(async u => {
          try {
            const r = await fetch(`${u}/.backstage/health/v1/readiness`, {
              signal: AbortSignal.timeout(1000),
            });
            await r.arrayBuffer();
            this.timeouts.set(u, 0);
            this.ready.set(u, r.status === 200);
          } catch (error) {
            const timedOut = (error as Error).name === 'TimeoutError';
            const inARow = timedOut ? (this.timeouts.get(u) ?? 0) + 1 : 0;
            this.timeouts.set(u, inARow);
            if (!timedOut || inARow >= this.unhealthyThreshold)
              this.ready.set(u, false);
          }
        }),
      );
    };
    await check();
    const loop = () => {
      this.poller = setTimeout(
        () => check().finally(() => this.poller && loop()),
        this.healthIntervalMs,
      );
    };
    loop();
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse) {
    const candidates = this.readyUpstreams();
    if (candidates.length === 0) {
      this.proxyErrors += 1;
      res.writeHead(503).end('no ready replica');
      return;
    }
    const upstream = new URL(candidates[this.next++ % candidates.length]);
    const outgoing = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent: this.agent,
      },
      upstreamRes => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        // A replica that dies mid-body must not leave the client waiting:
        // the cut-off response reaches it as a failed request.
        upstreamRes.once('aborted', () => {
          this.proxyErrors += 1;
          res.destroy();
        });
      },
    );
    outgoing.on('error', error => {
      this.proxyErrors += 1;
      if (!res.headersSent) res.writeHead(502);
      res.end(`upstream ${upstream.host} failed: ${error.message}`);
    });
    req.pipe(outgoing);
  }

  async stop(): Promise<void> {
    const poller = this.poller;
    this.poller = undefined;
    clearTimeout(poller);
    this.agent.destroy();
    // Keep-alive connections from the load would keep close() waiting.
    this.server?.closeAllConnections();
    await new Promise<void>(r =>
      this.server ? this.server.close(() => r()) : r(),
    );
  }
}
