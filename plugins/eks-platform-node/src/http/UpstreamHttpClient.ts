import {
  UpstreamError,
  UpstreamName,
  hintForStatus,
  isRetryableStatus,
  parseRetryAfter,
} from '../errors/UpstreamError';
import { networkCode } from '../errors/networkCode';
import { DEFAULT_RETRY, RetryOptions, withRetry } from './retry';
import { splitCredentials } from './safeUrl';

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
  /** Path below the base URL; may carry its own query string. */
  path: string;
  /** Query parameters added to the path (repeated for arrays). */
  query?: Record<string, string | string[] | undefined>;
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

/** `base` + `path` + `query`, with exactly one slash between base and path. */
function buildUrl(base: string, req: HttpRequest): string {
  const url = new URL(
    `${base.replace(/\/+$/, '')}/${req.path.replace(/^\/+/, '')}`,
  );
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(key, v);
    }
  }
  return url.toString();
}

/**
 * A small JSON-over-HTTP client for Argo CD, Vault and the status backend's
 * polled upstreams: timeout per attempt, bounded jittered retries on
 * 429/5xx/network errors (never on other 4xx), and errors that say which
 * upstream, which operation and what to do. Credentials written into a base
 * URL (`https://user:pass@host`) go into a Basic header, never the request
 * line, and are redacted from every message.
 */
export class UpstreamHttpClient {
  private readonly baseUrl: string;
  private readonly basicAuth?: string;

  constructor(private readonly options: HttpClientOptions) {
    const { url, basicAuth } = splitCredentials(options.baseUrl);
    this.baseUrl = url;
    this.basicAuth = basicAuth;
  }

  get upstream(): UpstreamName {
    return this.options.upstream;
  }

  async request<T = any>(req: HttpRequest): Promise<HttpResponse<T>> {
    const { retry = DEFAULT_RETRY, signal } = this.options;
    return withRetry(() => this.attempt<T>(req), { ...retry, signal });
  }

  private async attempt<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const { upstream, timeoutMs = DEFAULT_TIMEOUT_MS, signal } = this.options;
    const secrets = [
      ...(this.options.knownSecrets?.() ?? []),
      this.basicAuth,
      // The password itself, should an upstream echo the decoded header.
      this.basicAuth &&
        Buffer.from(this.basicAuth, 'base64').toString().split(':')[1],
    ];
    const url = buildUrl(this.baseUrl, req);
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
          ...(this.basicAuth
            ? { Authorization: `Basic ${this.basicAuth}` }
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
