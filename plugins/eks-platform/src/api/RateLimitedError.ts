import { ResponseError } from '@backstage/errors';

/** Never wait less than this, nor longer than this, whatever the header says. */
const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60_000;

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfterMs(
  header: string | null,
  now = Date.now(),
): number {
  let ms = NaN;
  if (header && /^\d+$/.test(header.trim())) ms = Number(header.trim()) * 1000;
  else if (header) ms = Date.parse(header) - now;
  if (!Number.isFinite(ms)) ms = 30_000;
  return Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, ms));
}

/**
 * The status backend answered 429: this caller read too many statuses.
 * Carries when to try again (the response's `Retry-After`) and the
 * backend's own explanation of its limit.
 */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';

  constructor(
    readonly retryAfterMs: number,
    readonly response?: ResponseError,
  ) {
    super(
      (response?.cause as Error | undefined)?.message ??
        'Too many status reads: the EKS platform backend asked to wait',
    );
  }

  static async fromResponse(res: Response): Promise<RateLimitedError> {
    const retryAfterMs = parseRetryAfterMs(res.headers.get('Retry-After'));
    return new RateLimitedError(
      retryAfterMs,
      await ResponseError.fromResponse(res),
    );
  }
}
