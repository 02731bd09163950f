import { Watch } from '@kubernetes/client-node';
import { formatMegabytes } from './boundedGet';
import { KubeApiError, KubeConnection, requestFailed } from './kubeConnection';

export interface KubeWatchOptions {
  /** The server must answer (headers) within this. */
  connectTimeoutMs: number;
  /** Server-side lifetime (`timeoutSeconds`); default random 5–10 min like client-go. */
  timeoutSeconds?: number;
  /** Largest single event (one JSON line). */
  maxEventBytes: number;
  /** The owner's lifetime: once aborted, no watch connects and open ones end. */
  signal: () => AbortSignal;
}

/** A watch that ended normally this soon, with no event, counts as a failure (backoff). */
const MIN_HEALTHY_WATCH_MS = 1000;

/**
 * The informer's WATCH, on the same bounded requests as its LIST.
 *
 * The client library's Watch creates its AbortController only once the
 * server has answered, so a watch given up at a connect timeout kept its
 * request (and connection) open for good, one more at every retry. Here
 * the controller exists from the start and every way a watch ends aborts
 * the request: the caller's abort, the connect timeout, an absolute
 * deadline (the server's `timeoutSeconds` plus the connect timeout: a
 * server that ignores `timeoutSeconds` or drips events cannot keep it open
 * forever), an event larger than the size cap, or the owner stopping.
 *
 * Like client-go's reflector it asks for BOOKMARK events and a bounded
 * watch lifetime, so a quiet label-filtered watch resumes from a recent
 * resourceVersion instead of one etcd has compacted away (410, re-LIST).
 */
export class KubeWatch extends Watch {
  /** Called when a watch is established (the server answered 200 and streams events). */
  onEstablished?: () => void;

  constructor(
    private readonly connection: KubeConnection,
    private readonly options: KubeWatchOptions,
  ) {
    super(connection.kubeConfig);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    const controller = new AbortController();
    // Not awaited: the informer must hold the controller before anything
    // can end, so that stopping it always reaches this request.
    this.run(path, queryParams, callback, done, controller);
    return controller;
  }

  private async run(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
    controller: AbortController,
  ) {
    const { connectTimeoutMs, maxEventBytes } = this.options;
    const lifetime = this.options.signal();
    const timeoutSeconds =
      this.options.timeoutSeconds ?? Math.floor(300 * (1 + Math.random()));
    const what = `WATCH ${path}`;
    const startedAt = Date.now();
    let events = 0;
    let finished = false;
    // The request once started; every way the watch ends destroys it.
    const open: { request?: { destroy(): void } } = {};
    const timers: NodeJS.Timeout[] = [];
    // Declarations, not arrows: each refers to the other.
    function cleanUp() {
      finished = true;
      timers.forEach(clearTimeout);
      controller.signal.removeEventListener('abort', onAbort);
      lifetime.removeEventListener('abort', onAbort);
      open.request?.destroy();
    }
    // The informer's own abort (it stops, or moves on): no done().
    function onAbort() {
      if (!finished) cleanUp();
    }
    const finish = (err: Error | null) => {
      if (finished) return;
      cleanUp();
      const quick = Date.now() - startedAt < MIN_HEALTHY_WATCH_MS;
      const outcome =
        !err && quick && events === 0
          ? new KubeApiError(`${what} ended at once without an event`)
          : err;
      // Always after the informer has stored the controller (see watch()).
      setImmediate(() => done(outcome));
    };
    if (controller.signal.aborted || lifetime.aborted) return;
    controller.signal.addEventListener('abort', onAbort, { once: true });
    lifetime.addEventListener('abort', onAbort, { once: true });
    const timer = (ms: number, error: () => Error) => {
      const t = setTimeout(() => finish(error()), ms);
      t.unref?.();
      timers.push(t);
      return t;
    };
    const connectTimer = timer(
      connectTimeoutMs,
      () =>
        new KubeApiError(`${what} got no answer within ${connectTimeoutMs} ms`),
    );
    timer(
      timeoutSeconds * 1000 + connectTimeoutMs,
      () =>
        new KubeApiError(
          `${what} was not ended by the server after its ${timeoutSeconds} s timeout`,
        ),
    );

    const req = await this.connection
      .request(path, {
        ...queryParams,
        watch: 'true',
        allowWatchBookmarks: 'true',
        timeoutSeconds,
      })
      .catch((error: Error) => {
        finish(error);
        return undefined;
      });
    if (!req) return;
    open.request = req;
    if (finished) {
      req.destroy();
      return;
    }
    req.on('error', error => finish(requestFailed(what, error)));
    req.on('response', res => {
      clearTimeout(connectTimer);
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        const error = new KubeApiError(
          `${what} answered HTTP ${status}`,
          status,
        );
        finish(error);
        return;
      }
      this.onEstablished?.();
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0 && !finished) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          newline = pending.indexOf('\n');
          if (!line.trim()) continue;
          let data: any;
          try {
            data = JSON.parse(line);
          } catch {
            continue; // as the client library: a line that is not JSON is skipped
          }
          events++;
          callback(data.type, data.object, data);
        }
        // Characters, not bytes: the API server's JSON is ASCII but for escapes.
        if (pending.length > maxEventBytes) {
          finish(
            new KubeApiError(
              `${what} sent an event larger than ${formatMegabytes(
                maxEventBytes,
              )} (eksPlatform.status.kubernetes.maxResponseMB); it was cut off`,
            ),
          );
        }
      });
      res.on('end', () => finish(null));
      res.on('error', () =>
        finish(new KubeApiError(`${what} was cut off: connection closed`)),
      );
      res.on('close', () => {
        if (!res.complete)
          finish(new KubeApiError(`${what} was cut off: connection closed`));
      });
    });
  }
}
