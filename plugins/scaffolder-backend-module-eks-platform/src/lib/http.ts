import {
  UpstreamError,
  UpstreamName,
  hintForStatus,
  isRetryableStatus,
  parseRetryAfter,
} from './errors';
import { DEFAULT_RETRY, RetryOptions, withRetry } from './retry';

export interface HttpClientOptions {
  upstream: UpstreamName;
  baseUrl: string;
  /** Headers for every call (auth); evaluated per call so tokens can rotate. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Values that must never appear in messages (tokens, secret ids). */
  knownSecrets?: () => Array<string | undefined>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Task cancellation. */
  signal?: AbortSignal;
  /** Extra, upstream-specific advice for a failure. */
  hint?: (
    status: number | undefined,
    message: string | undefined,
  ) => string | undefined;
}

export interface HttpRequest {
  /** Human description used in errors, e.g. `write policy "payments"`. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'LIST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses returned to the caller instead of thrown (e.g. 404 on lookups). */
  accept?: number[];
}

export interface HttpResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Pulls the human message out of the error bodies of Argo CD and Vault. */
function messageFromBody(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const json = JSON.parse(text);
    if (Array.isArray(json.errors) && json.errors.length)
      return json.errors.join('; ');
    if (typeof json.message === 'string') return json.message;
    if (typeof json.error === 'string') return json.error;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text;
}

/**
 * A small JSON-over-HTTP client for Argo CD and Vault: timeout per attempt,
 * bounded jittered retries on 429/5xx/network errors (never on other 4xx),
 * and errors that say which upstream, which operation and what to do.
 */
export class UpstreamHttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  get upstream(): UpstreamName {
    return this.options.upstream;
  }

  async request<T = any>(req: HttpRequest): Promise<HttpResponse<T>> {
    const { retry = DEFAULT_RETRY, signal } = this.options;
    return withRetry(() => this.attempt<T>(req), { ...retry, signal });
  }

  private async attempt<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const {
      upstream,
      baseUrl,
      timeoutMs = DEFAULT_TIMEOUT_MS,
      signal,
    } = this.options;
    const secrets = this.options.knownSecrets?.() ?? [];
    const url = `${baseUrl.replace(/\/+$/, '')}/${req.path.replace(
      /^\/+/,
      '',
    )}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: req.method,
        headers: {
          Accept: 'application/json',
          ...(req.body !== undefined
            ? { 'Content-Type': 'application/json' }
            : {}),
          ...(await this.options.headers?.()),
          ...req.headers,
        },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      const timedOut = timeout.aborted;
      const code = timedOut ? 'TIMEOUT' : networkCode(error);
      throw new UpstreamError(
        {
          upstream,
          operation: req.operation,
          code,
          upstreamMessage: timedOut
            ? `no response within ${timeoutMs} ms`
            : (error as Error)?.message,
          hint:
            this.options.hint?.(undefined, undefined) ??
            hintForStatus(upstream, undefined, code),
          retryable: true,
        },
        secrets,
      );
    }
    if (response.ok || req.accept?.includes(response.status)) {
      let body: any = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: response.status, body, headers: response.headers };
    }
    const upstreamMessage = messageFromBody(text) ?? response.statusText;
    throw new UpstreamError(
      {
        upstream,
        operation: req.operation,
        status: response.status,
        upstreamMessage,
        hint:
          this.options.hint?.(response.status, upstreamMessage) ??
          hintForStatus(upstream, response.status),
        retryable: isRetryableStatus(response.status),
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      },
      secrets,
    );
  }
}

/** The system error code (ECONNREFUSED, ENOTFOUND, ...) of a failed connection. */
export function networkCode(error: unknown): string {
  const e = error as any;
  const code = e?.cause?.code ?? e?.code;
  if (typeof code === 'string' && code) return code;
  const fromMessage = /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(
    String(e?.message ?? ''),
  );
  return fromMessage ? fromMessage[1] : 'NETWORK_ERROR';
}
