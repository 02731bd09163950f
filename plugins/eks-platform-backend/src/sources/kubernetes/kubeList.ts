import { boundedGetList } from './boundedGet';
import { KubeApiError, KubeConnection } from './kubeConnection';

export interface ListLimits {
  /** Absolute deadline of each page's request, headers to last byte. */
  timeoutMs: number;
  /** Absolute deadline of the whole LIST, every page (at least `timeoutMs`). */
  totalTimeoutMs: number;
  /** Largest body of one page. */
  maxBytes: number;
  /** Objects per page (`limit`); 0: one unpaged request. */
  pageSize: number;
  /** Aborts the LIST when its owner stops (an evicted watch set). */
  signal?: AbortSignal;
}

export interface KubeList {
  items: any[];
  metadata: { resourceVersion?: string };
}

/**
 * One LIST, paged with `limit`/`continue` like client-go's reflector
 * (pages of one consistent snapshot: each page carries the list's
 * resourceVersion), so that a big cluster answers in pages well under the
 * body-size cap and each page can be trimmed (`onItem`) before the next
 * arrives. A continue token that expired (410) falls back to one unpaged
 * LIST, as client-go's pager does. Two absolute deadlines: each page's
 * request, headers to last byte, must finish within `timeoutMs` (a server
 * that drips bytes is cut there), and all pages together within
 * `totalTimeoutMs` (a server that hands out continue tokens forever cannot
 * keep the LIST open). One deadline for both would make a big cluster on
 * a slow link unlistable: its pages, each quick, add up past the
 * per-request budget, and every retry starts over from the first page.
 */
export async function listAll(
  connection: KubeConnection,
  path: string,
  labelSelector: string | undefined,
  limits: ListLimits,
  onItem: (item: any) => void = () => {},
): Promise<KubeList> {
  const what = `LIST ${path}`;
  const controller = new AbortController();
  // Whether the current page's headers arrived: "no answer" or "did not finish".
  const progress = { answered: false };
  const onHeaders = () => {
    progress.answered = true;
  };
  const total = setTimeout(
    () =>
      controller.abort(
        new KubeApiError(
          `${what} did not finish all its pages within ${limits.totalTimeoutMs} ms (eksPlatform.status.kubernetes.listTotalTimeoutMs)`,
        ),
      ),
    limits.totalTimeoutMs,
  );
  /** One page's signal: its own deadline, the whole LIST's, or the owner stopping. */
  const pageDeadline = () => {
    progress.answered = false;
    const page = new AbortController();
    const timer = setTimeout(
      () =>
        page.abort(
          new KubeApiError(
            progress.answered
              ? `${what} did not finish within ${limits.timeoutMs} ms`
              : `${what} got no answer within ${limits.timeoutMs} ms`,
          ),
        ),
      limits.timeoutMs,
    );
    return {
      signal: AbortSignal.any([controller.signal, page.signal]),
      done: () => clearTimeout(timer),
    };
  };
  const stop = () => controller.abort(new KubeApiError(`${what} stopped`));
  limits.signal?.addEventListener('abort', stop, { once: true });
  if (limits.signal?.aborted) stop();
  try {
    let pageSize = limits.pageSize;
    const items: any[] = [];
    let resourceVersion: string | undefined;
    let token: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      let page: Awaited<ReturnType<typeof boundedGetList>>;
      const deadline = pageDeadline();
      try {
        // Items are trimmed as they are parsed: the raw page is never held whole.
        page = await boundedGetList(
          connection,
          path,
          {
            labelSelector,
            limit: pageSize > 0 ? pageSize : undefined,
            continue: token,
          },
          {
            what,
            signal: deadline.signal,
            maxBytes: limits.maxBytes,
            onHeaders,
          },
          item => {
            onItem(item);
            items.push(item);
          },
        );
      } catch (error) {
        if (
          token &&
          error instanceof KubeApiError &&
          error.statusCode === 410
        ) {
          // The snapshot the pages came from was compacted: start over, whole.
          items.length = 0;
          token = undefined;
          pageSize = 0;
          continue;
        }
        throw error;
      } finally {
        deadline.done();
      }
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      token = page.metadata?.continue || undefined;
      if (!token) break;
      if (seen.has(token))
        throw new KubeApiError(`${what} repeated a continue token`);
      seen.add(token);
    }
    return { items, metadata: { resourceVersion } };
  } finally {
    clearTimeout(total);
    limits.signal?.removeEventListener('abort', stop);
  }
}
