import { KubeApiError, KubeConnection, requestFailed } from './kubeConnection';

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

/**
 * One GET whose body is read whole, but never more than `maxBytes` of it
 * (a Content-Length above the limit is refused before any byte is read),
 * and never past the signal: the caller owns the deadline, which covers
 * headers and body, so an answer that trickles in cannot hold it open.
 * Resolves with the status and the parsed JSON of a 200.
 */
export async function boundedGetJson(
  connection: KubeConnection,
  path: string,
  query: Record<string, string | number | undefined>,
  options: BoundedGetOptions,
): Promise<any> {
  const { what, signal, maxBytes } = options;
  if (signal.aborted) throw abortReason(signal, what);
  const req = await connection.request(path, query);
  return new Promise((resolve, reject) => {
    let settled = false;
    // Declarations, not arrows: each refers to the other.
    function settle(error: Error | undefined, value?: unknown) {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        reject(error);
        req.destroy();
      } else resolve(value);
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
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) settle(tooLarge(what, maxBytes));
        else chunks.push(chunk);
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
        try {
          settle(undefined, JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          settle(
            new KubeApiError(`${what} answered something that is not JSON`),
          );
        }
      });
    });
    req.on('error', error => settle(requestFailed(what, error)));
  });
}
