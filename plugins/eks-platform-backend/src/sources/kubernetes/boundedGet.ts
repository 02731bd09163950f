import { KubeApiError, KubeConnection, requestFailed } from './kubeConnection';
import { ListBodyParser } from './listBodyParser';

export interface BoundedGetOptions {
  /** What the request is, for messages: `LIST /api/v1/pods`. */
  what: string;
  /** Aborted at the deadline (reason: a KubeApiError) or when the owner stops. */
  signal: AbortSignal;
  /** The answer's body may not be larger than this. */
  maxBytes: number;
  /** Called when the response headers arrive (deadline messages tell "no answer" from "not finished"). */
  onHeaders?: () => void;
}

/** Body bytes parsed per event-loop turn before the response waits for the next turn. */
export const TURN_BYTES = 256 * 1024;

/** `32 MB`, `0.5 MB`: the limit as configured (`maxResponseMB`). */
export function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MB`;
}

export function tooLarge(what: string, maxBytes: number): KubeApiError {
  return new KubeApiError(
    `${what} answered a response larger than ${formatMegabytes(
      maxBytes,
    )} (eksPlatform.status.kubernetes.maxResponseMB); it was cut off`,
  );
}

function abortReason(signal: AbortSignal, what: string): Error {
  return signal.reason instanceof KubeApiError
    ? signal.reason
    : new KubeApiError(`${what} aborted`);
}

/** What a LIST page says besides its items. */
export interface ListPage {
  metadata: { resourceVersion?: string; continue?: string };
}

/**
 * One LIST page's GET, its body parsed as it arrives (each item goes to
 * `onItem` as soon as it is complete: see ListBodyParser), but never more
 * than `maxBytes` of it (a Content-Length above the limit is refused before
 * any byte is read), and never past the signal: the caller owns the
 * deadline, which covers headers and body, so an answer that trickles in
 * cannot hold it open. Resolves with the page's list metadata.
 */
export async function boundedGetList(
  connection: KubeConnection,
  path: string,
  query: Record<string, string | number | undefined>,
  options: BoundedGetOptions,
  onItem: (item: any) => void,
): Promise<ListPage> {
  const { what, signal, maxBytes } = options;
  if (signal.aborted) throw abortReason(signal, what);
  const req = await connection.request(path, query);
  return new Promise((resolve, reject) => {
    let settled = false;
    // Declarations, not arrows: each refers to the other.
    function settle(error: Error | undefined, value?: ListPage) {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        reject(error);
        req.destroy();
      } else resolve(value!);
    }
    function onAbort() {
      settle(abortReason(signal, what));
    }
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();

    req.on('response', res => {
      options.onHeaders?.();
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        settle(
          new KubeApiError(
            `${what} answered HTTP ${status}${
              status === 401 || status === 403
                ? ': check the cluster credentials'
                : ''
            }`,
            status,
          ),
        );
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) {
        settle(tooLarge(what, maxBytes));
        return;
      }
      const parser = new ListBodyParser(onItem);
      const notJson = () =>
        settle(new KubeApiError(`${what} answered something that is not JSON`));
      let size = 0;
      // A socket can hand over many chunks in one event-loop turn (libuv
      // reads a stream up to 32 times per wake-up): past TURN_BYTES, the
      // response waits for the next turn, so other requests and timers
      // run between slices of a big page.
      let turnBytes = 0;
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) {
          settle(tooLarge(what, maxBytes));
          return;
        }
        try {
          parser.write(chunk);
        } catch {
          notJson();
          return;
        }
        turnBytes += chunk.length;
        if (turnBytes >= TURN_BYTES && !res.isPaused()) {
          res.pause();
          setImmediate(() => {
            turnBytes = 0;
            if (!settled) res.resume();
          });
        }
      });
      res.on('error', error =>
        settle(
          new KubeApiError(
            `${what} was cut off: ${
              (error as NodeJS.ErrnoException).code ?? 'connection closed'
            }`,
          ),
        ),
      );
      res.on('close', () => {
        if (!res.complete)
          settle(new KubeApiError(`${what} was cut off: connection closed`));
      });
      res.on('end', () => {
        if (settled) return;
        try {
          settle(undefined, parser.end() as ListPage);
        } catch {
          notJson();
        }
      });
    });
    req.on('error', error => settle(requestFailed(what, error)));
  });
}
