import type { RequestHandler } from 'express';

/*
 * What Backstage's own shutdown leaves open. On SIGTERM the backend runs its
 * before-shutdown hooks (the root health service turns readiness to 503,
 * `backend.lifecycle.serverShutdownDelay` keeps serving while load balancers
 * notice), then stops every plugin, and only then closes the HTTP server.
 * Two gaps remain for a rolling restart that loses no request:
 *
 * - keep-alive connections: a proxy that pooled a connection to this
 *   process keeps sending on it after readiness failed; the response to
 *   every request while draining says `Connection: close`, so the next
 *   request opens a connection the load balancer routes elsewhere;
 * - requests still running when the delay ends would see their plugins
 *   stop under them: the drain waits for them before shutdown goes on
 *   (bounded by the pod's terminationGracePeriodSeconds, as any shutdown).
 */
export class RequestDrain {
  #inFlight = 0;
  #draining = false;
  #idle: Array<() => void> = [];

  /** Requests being served now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Counts requests; while draining, asks clients not to reuse the connection. */
  middleware(): RequestHandler {
    return (_req, res, next) => {
      this.#inFlight += 1;
      if (this.#draining) res.setHeader('Connection', 'close');
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.#inFlight -= 1;
        if (this.#inFlight === 0) this.#idle.splice(0).forEach(r => r());
      };
      res.once('finish', finish);
      res.once('close', finish);
      next();
    };
  }

  /**
   * Starts draining: from now on responses close their connection; resolves
   * after `delayMs` (the load balancer's time to stop routing here) once no
   * request is in flight.
   */
  async drain(delayMs: number): Promise<void> {
    this.#draining = true;
    await new Promise(resolve => setTimeout(resolve, delayMs));
    if (this.#inFlight === 0) return;
    await new Promise<void>(resolve => this.#idle.push(resolve));
  }
}
