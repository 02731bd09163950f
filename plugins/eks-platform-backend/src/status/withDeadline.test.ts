import { SourceResult } from '@internal/backstage-plugin-eks-platform-common';
import { withDeadline } from './withDeadline';

describe('withDeadline', () => {
  it('answers an error naming the upstream when the source is slower than its deadline', async () => {
    const started = Date.now();
    const result = await withDeadline(
      () => new Promise<SourceResult<number>>(() => {}),
      50,
      'argocd',
      () => {},
    );
    expect(Date.now() - started).toBeLessThan(500);
    expect(result).toEqual({
      state: 'error',
      error: { upstream: 'argocd', message: 'no answer within 50 ms' },
    });
  });

  it('passes a result through and turns a thrown bug into a safe error', async () => {
    expect(
      await withDeadline(
        async () => ({ state: 'ok' as const, data: 1 }),
        1000,
        'x',
        () => {},
      ),
    ).toEqual({ state: 'ok', data: 1 });
    const seen: unknown[] = [];
    const failed = await withDeadline(
      async () => {
        throw new Error('token=abc leaked into a stack');
      },
      1000,
      'jaeger',
      e => seen.push(e),
    );
    expect(failed.error).toEqual({
      upstream: 'jaeger',
      message: 'unexpected error while reading this source',
    });
    expect(seen).toHaveLength(1);
  });
});
