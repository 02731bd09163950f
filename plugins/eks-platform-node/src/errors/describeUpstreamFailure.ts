import { UpstreamError } from './UpstreamError';

/** Codes whose `upstreamMessage` was written by this package, not the upstream. */
const OWN_WORDS = new Set(['TIMEOUT', 'INVALID_RESPONSE', 'QUERY_FAILED']);

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  ECONNRESET: 'connection reset',
  NETWORK_ERROR: 'network error',
};

/**
 * A short failure text that is safe to hand to a browser: the status, the
 * network condition or our own words, never the upstream's error body, its
 * URL or a credential. The status API shows it next to the upstream's
 * configured name ("alerts unavailable: HTTP 503").
 */
export function describeUpstreamFailure(error: unknown): string {
  if (!(error instanceof UpstreamError)) {
    return 'unexpected error while reading the upstream';
  }
  const { status, code, upstreamMessage } = error.failure;
  if (code && OWN_WORDS.has(code) && upstreamMessage) return upstreamMessage;
  if (status !== undefined) {
    const credentials =
      status === 401 || status === 403
        ? ': check the configured credentials'
        : '';
    return `HTTP ${status}${credentials}`;
  }
  if (code) return NETWORK_WORDS[code] ?? `network error (${code})`;
  return 'network error';
}
