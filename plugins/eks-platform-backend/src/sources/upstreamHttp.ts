import { splitCredentials } from '../config/safeUrl';

/** An upstream failure whose message is safe to show: names the upstream, never its URL or token. */
export class UpstreamError extends Error {
  constructor(
    readonly upstream: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export interface UpstreamRequest {
  /** Configured name, e.g. `alertmanager/main`: the only identity in errors. */
  upstream: string;
  baseUrl: string;
  path: string;
  query?: Record<string, string | string[] | undefined>;
  token?: string;
  timeoutMs: number;
  method?: 'GET' | 'POST';
  body?: unknown;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; cause?: { code?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = err?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return code ? `network error (${code})` : 'network error';
}

/** GETs (or POSTs) JSON from an upstream with a hard deadline and a safe error. */
export async function fetchUpstreamJson<T>(
  request: UpstreamRequest,
): Promise<T> {
  const { url: base, basicAuth } = splitCredentials(request.baseUrl);
  const url = new URL(base + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value])
      url.searchParams.append(key, v);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  else if (basicAuth) headers.authorization = `Basic ${basicAuth}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body:
        request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw new UpstreamError(
      request.upstream,
      describeNetworkError(error, request.timeoutMs),
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new UpstreamError(
      request.upstream,
      describeNetworkError(error, request.timeoutMs),
    );
  }
  if (!response.ok) {
    const hint =
      response.status === 401 || response.status === 403
        ? ': check the configured credentials'
        : '';
    throw new UpstreamError(
      request.upstream,
      `HTTP ${response.status} ${response.statusText}${hint}`,
      response.status,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UpstreamError(
      request.upstream,
      'answered with something that is not JSON',
    );
  }
}

/** A safe message for any error caught around an upstream call. */
export function errorMessage(error: unknown): string {
  if (error instanceof UpstreamError) return error.message;
  return 'unexpected error while reading the upstream';
}
