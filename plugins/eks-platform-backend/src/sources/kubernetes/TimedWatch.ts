import { KubeConfig, Watch } from '@kubernetes/client-node';
import { KubeApiError } from './kubeConnection';

/**
 * A Watch whose connection must be established within a deadline. The
 * client's own Watch waits forever for response headers, so a cluster
 * that accepts connections but never answers would leave the cache
 * silently frozen; here it becomes an error the informer retries.
 */
export class TimedWatch extends Watch {
  constructor(config: KubeConfig, private readonly connectTimeoutMs: number) {
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
        queryParams,
        callback,
        doneOnce,
      );
      clearTimeout(timer);
      if (finished) controller.abort();
      return controller;
    } catch (error) {
      doneOnce(error);
      return new AbortController();
    }
  }
}
