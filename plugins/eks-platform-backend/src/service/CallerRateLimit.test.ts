import { mockCredentials } from '@backstage/backend-test-utils';
import { CallerRateLimit } from './CallerRateLimit';

describe('CallerRateLimit', () => {
  const alice = mockCredentials.user('user:default/alice');
  const bob = mockCredentials.user('user:default/bob');

  it('charges one token per entity read and refuses, with the limit and when to retry, once the burst is spent', () => {
    let now = 0;
    const limit = new CallerRateLimit(
      { entitiesPerSecond: 2, burst: 10 },
      () => now,
    );
    limit.charge(alice, 10);
    expect(() => limit.charge(alice, 4)).toThrow(
      expect.objectContaining({
        name: 'TooManyRequestsError',
        statusCode: 429,
        retryAfterSeconds: 2,
        message:
          'Too many status reads: each caller may read 2 entity statuses per second, 10 at once (eksPlatform.status.rateLimit); this request reads 4. Retry after 2 s.',
      }),
    );
    // Another caller has their own bucket.
    limit.charge(bob, 10);
    now = 2000;
    limit.charge(alice, 4);
  });
});
