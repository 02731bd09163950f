import { describeUpstreamFailure } from './describeUpstreamFailure';
import { UpstreamError, UpstreamFailure } from './UpstreamError';

const failure = (f: Partial<UpstreamFailure>) =>
  new UpstreamError({
    upstream: 'alertmanager/main',
    operation: 'read alerts',
    hint: 'hint',
    retryable: false,
    ...f,
  });

describe('describeUpstreamFailure', () => {
  it('shows the status, never the upstream’s own words', () => {
    expect(
      describeUpstreamFailure(
        failure({ status: 500, upstreamMessage: 'stack trace at /srv/x.go' }),
      ),
    ).toBe('HTTP 500');
  });

  it('points at credentials on 401 and 403', () => {
    expect(describeUpstreamFailure(failure({ status: 401 }))).toBe(
      'HTTP 401: check the configured credentials',
    );
    expect(describeUpstreamFailure(failure({ status: 403 }))).toBe(
      'HTTP 403: check the configured credentials',
    );
  });

  it('names network conditions in plain words', () => {
    expect(describeUpstreamFailure(failure({ code: 'ECONNREFUSED' }))).toBe(
      'connection refused',
    );
    expect(describeUpstreamFailure(failure({ code: 'ENOTFOUND' }))).toBe(
      'host not found',
    );
    expect(describeUpstreamFailure(failure({ code: 'EPIPE' }))).toBe(
      'network error (EPIPE)',
    );
  });

  it('keeps the words this package wrote (timeouts, invalid answers)', () => {
    expect(
      describeUpstreamFailure(
        failure({
          code: 'TIMEOUT',
          upstreamMessage: 'no response within 1500 ms',
        }),
      ),
    ).toBe('no response within 1500 ms');
    expect(
      describeUpstreamFailure(
        failure({
          status: 200,
          code: 'INVALID_RESPONSE',
          upstreamMessage: 'answered with something that is not JSON',
        }),
      ),
    ).toBe('answered with something that is not JSON');
  });

  it('says nothing specific about errors that are not upstream failures', () => {
    expect(describeUpstreamFailure(new Error('secret /path leaked'))).toBe(
      'unexpected error while reading the upstream',
    );
  });
});
