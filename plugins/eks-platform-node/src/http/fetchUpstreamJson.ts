import { UpstreamError, UpstreamName } from '../errors/UpstreamError';
import { UpstreamHttpClient } from './UpstreamHttpClient';

export interface UpstreamJsonRequest {
  /** Configured name, e.g. `alertmanager/main`: the only identity in errors. */
  upstream: UpstreamName;
  baseUrl: string;
  path: string;
  query?: Record<string, string | string[] | undefined>;
  /** Bearer token; without one, credentials in `baseUrl` become Basic auth. */
  token?: string;
  /** Hard deadline of the one attempt. */
  timeoutMs: number;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** What the call does, for the error (default `read <path>`). */
  operation?: string;
}

/**
 * One JSON read from an upstream with a hard deadline and no retry: the
 * status backend polls on a schedule, so the next poll is the retry and a
 * slow upstream must never hold a poll past its deadline. Failures are
 * {@link UpstreamError}s like the actions'; `describeUpstreamFailure` turns
 * them into the short text the status API shows.
 */
export async function fetchUpstreamJson<T>(
  request: UpstreamJsonRequest,
): Promise<T> {
  const operation = request.operation ?? `read ${request.path}`;
  const client = new UpstreamHttpClient({
    upstream: request.upstream,
    baseUrl: request.baseUrl,
    headers: (): Record<string, string> =>
      request.token ? { Authorization: `Bearer ${request.token}` } : {},
    knownSecrets: () => [request.token],
    timeoutMs: request.timeoutMs,
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
  const response = await client.request<T>({
    operation,
    method: request.method ?? 'GET',
    path: request.path,
    query: request.query,
    body: request.body,
  });
  if (response.body === null || typeof response.body !== 'object') {
    throw new UpstreamError({
      upstream: request.upstream,
      operation,
      status: response.status,
      code: 'INVALID_RESPONSE',
      upstreamMessage: 'answered with something that is not JSON',
      hint: `Check that the configured URL of ${request.upstream} points at its API.`,
      retryable: false,
    });
  }
  return response.body;
}
