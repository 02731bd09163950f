import {
  UpstreamError,
  hintForStatus,
  isRetryableStatus,
  parseRetryAfter,
} from './UpstreamError';

describe('UpstreamError', () => {
  it('names upstream, operation, status, upstream message and advice', () => {
    const error = new UpstreamError({
      upstream: 'Argo CD',
      operation: 'create application "a-dev"',
      status: 403,
      upstreamMessage:
        'permission denied: applications, create, payments/a-dev',
      hint: 'Extend the RBAC policy.',
      retryable: false,
    });
    expect(error.message).toBe(
      'Argo CD failed to create application "a-dev" (HTTP 403): permission denied: applications, create, payments/a-dev. Extend the RBAC policy.',
    );
    expect(error.name).toBe('UpstreamError');
  });

  it('redacts known secrets and token shapes from the upstream message', () => {
    const error = new UpstreamError(
      {
        upstream: 'Vault',
        operation: 'log in',
        status: 400,
        upstreamMessage:
          'bad secret_id "my-secret-id-123" for token hvs.CAESIabcdefghijklmnopqrstuvwxyz0123',
        hint: 'Fix it.',
        retryable: false,
      },
      ['my-secret-id-123'],
    );
    expect(error.message).not.toContain('my-secret-id-123');
    expect(error.message).not.toContain('hvs.CAES');
    expect(error.failure.upstreamMessage).not.toContain('my-secret-id-123');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('hintForStatus', () => {
  it.each([
    [400, /fix the template input/],
    [401, /renew the token/],
    [403, /lack a permission/],
    [404, /does not know the resource/],
    [409, /conflicting resource/],
    [429, /rate limiting/],
    [500, /internal error/],
    [undefined, /could not be reached/],
  ])('advises on %s', (status, hint) => {
    expect(hintForStatus('GitHub', status)).toMatch(hint);
  });
});

describe('isRetryableStatus', () => {
  it('retries rate limits, timeouts, server errors and no answer at all', () => {
    for (const status of [undefined, 408, 429, 500, 503]) {
      expect(isRetryableStatus(status)).toBe(true);
    }
    for (const status of [400, 401, 403, 404, 409, 422]) {
      expect(isRetryableStatus(status)).toBe(false);
    }
  });
});
