import { KubeConfig, Watch } from '@kubernetes/client-node';
import { KubeApiError } from './kubeConnection';

/**
 * A Watch whose connection must be established within a deadline. The
 * client's own Watch waits forever for response headers, so a cluster
 * that accepts connections but never answers would leave the cache
 * silently frozen; here it becomes an error the informer retries.
 *
 * Like client-go's reflector it asks for BOOKMARK events and a bounded
 * watch lifetime: the server then sends, before ending each watch, a
 * bookmark with its current resourceVersion, so a label-filtered watch
 * that saw no event for a long time resumes from a recent version instead
 * of one the server has compacted away (410, then a full re-LIST).
 */
export class TimedWatch extends Watch {
  /** Called when a watch is established (the server answered 200 and streams events). */
  onEstablished?: () => void;

  constructor(
    config: KubeConfig,
    private readonly connectTimeoutMs: number,
    private readonly timeoutSeconds?: number,
  ) {
    super(config);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    let finished = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    const doneOnce = (err: any) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done(err);
    };
    timer = setTimeout(
      () =>
        doneOnce(
          new KubeApiError(
            `WATCH ${path} got no answer within ${this.connectTimeoutMs} ms`,
          ),
        ),
      this.connectTimeoutMs,
    );
    timer.unref?.();
    try {
      const controller = await super.watch(
        path,
        {
          ...queryParams,
          allowWatchBookmarks: true,
          // client-go: minWatchTimeout (5 min) × (1 + rand)
          timeoutSeconds:
            this.timeoutSeconds ?? Math.floor(300 * (1 + Math.random())),
        },
        callback,
        doneOnce,
      );
      clearTimeout(timer);
      // The client calls done() before returning when the answer is not a
      // 200 stream; still open here means the watch is established.
      if (finished) controller.abort();
      else this.onEstablished?.();
      return controller;
    } catch (error) {
      doneOnce(error);
      return new AbortController();
    }
  }
}
