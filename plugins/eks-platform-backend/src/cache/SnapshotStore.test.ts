import { MemoryCache } from '../__testUtils__/memoryCache';
import { SnapshotStore } from './SnapshotStore';

describe('SnapshotStore', () => {
  it('serves its in-process copy until another instance bumps the generation', async () => {
    const shared = new MemoryCache();
    const reader = new SnapshotStore(shared, 0);
    const poller = new SnapshotStore(shared, 0);
    await poller.recordSuccess(
      'alerts',
      'main',
      [1],
      new Date('2026-01-01T00:00:00Z'),
    );
    await poller.bumpGeneration('alerts');
    expect((await reader.get('alerts', 'main'))?.data).toEqual([1]);

    const get = jest.spyOn(shared, 'get');
    await reader.get('alerts', 'main');
    // Only the small generation keys were read, not the snapshot.
    expect(get.mock.calls.map(c => c[0]).sort()).toEqual([
      'snapshot-generation:alerts',
      'snapshot-polled:alerts',
    ]);

    await poller.recordSuccess('alerts', 'main', [2]);
    await poller.bumpGeneration('alerts');
    expect((await reader.get('alerts', 'main'))?.data).toEqual([2]);
  });

  it('keeps the last good data and the start of a failure run', async () => {
    const store = new SnapshotStore(new MemoryCache(), 0);
    await store.recordSuccess(
      'argocd',
      'main',
      ['app'],
      new Date('2026-01-01T00:00:00Z'),
    );
    await store.recordFailure(
      'argocd',
      'main',
      'HTTP 500',
      new Date('2026-01-01T00:01:00Z'),
    );
    await store.recordFailure(
      'argocd',
      'main',
      'HTTP 502',
      new Date('2026-01-01T00:02:00Z'),
    );
    expect(await store.get('argocd', 'main')).toEqual({
      fetchedAt: '2026-01-01T00:00:00.000Z',
      data: ['app'],
      error: { message: 'HTTP 502', since: '2026-01-01T00:01:00.000Z' },
    });
  });

  it('reads a changed snapshot once for many requests arriving together', async () => {
    const shared = new MemoryCache();
    const reader = new SnapshotStore(shared, 0);
    const poller = new SnapshotStore(shared, 0);
    await poller.recordSuccess('traces', 'main', { svc: 1 });
    await poller.bumpGeneration('traces');
    const get = jest.spyOn(shared, 'get');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => reader.get('traces', 'main')),
    );
    expect(answers.every(a => a === answers[0])).toBe(true);
    expect(answers[0]?.data).toEqual({ svc: 1 });
    expect(
      get.mock.calls.filter(c => c[0] === 'snapshot:traces:main'),
    ).toHaveLength(1);

    // The next poll's data is read again, not served from the shared read.
    await poller.recordSuccess('traces', 'main', { svc: 2 });
    await poller.bumpGeneration('traces');
    expect((await reader.get('traces', 'main'))?.data).toEqual({ svc: 2 });
  });

  it('leaves the content generation alone when a poll finds the same data, and moves fetchedAt', async () => {
    const shared = new MemoryCache();
    const reader = new SnapshotStore(shared, 0);
    const poller = new SnapshotStore(shared, 0);
    const first = new Date(Date.now() - 30_000);
    const second = new Date(Date.now() - 15_000);
    expect(await poller.recordSuccess('alerts', 'main', [1], first)).toBe(true);
    await poller.bumpGeneration('alerts');
    const generation = await reader.generation('alerts');
    expect((await reader.get('alerts', 'main'))?.fetchedAt).toBe(
      first.toISOString(),
    );

    const set = jest.spyOn(shared, 'set');
    expect(await poller.recordSuccess('alerts', 'main', [1], second)).toBe(
      false,
    );
    await poller.bumpPolled('alerts');
    // The snapshot itself was not written again, only its poll time.
    expect(set.mock.calls.map(c => c[0])).toEqual([
      'snapshot-fetched:alerts:main',
      'snapshot-polled:alerts',
    ]);
    expect(await reader.generation('alerts')).toBe(generation);

    const get = jest.spyOn(shared, 'get');
    const after = await reader.get('alerts', 'main');
    expect(after).toEqual({ fetchedAt: second.toISOString(), data: [1] });
    // The other instance re-read the small poll-time key, not the snapshot.
    expect(get.mock.calls.map(c => c[0])).not.toContain('snapshot:alerts:main');
    // And serves that very object until the next poll.
    expect(await reader.get('alerts', 'main')).toBe(after);
  });

  it('counts changed data as a change', async () => {
    const store = new SnapshotStore(new MemoryCache(), 0);
    expect(await store.recordSuccess('argocd', 'main', ['a'])).toBe(true);
    await store.bumpGeneration('argocd');
    const generation = await store.generation('argocd');
    expect(await store.recordSuccess('argocd', 'main', ['a', 'b'])).toBe(true);
    await store.bumpGeneration('argocd');
    expect(await store.generation('argocd')).not.toBe(generation);
    expect((await store.get('argocd', 'main'))?.data).toEqual(['a', 'b']);
  });

  it('counts a failure as a change, keeping the time of the last successful poll', async () => {
    const store = new SnapshotStore(new MemoryCache(), 0);
    const first = new Date(Date.now() - 30_000);
    const second = new Date(Date.now() - 15_000);
    await store.recordSuccess('argocd', 'main', ['a'], first);
    // The same data again: only the poll time moved.
    expect(await store.recordSuccess('argocd', 'main', ['a'], second)).toBe(
      false,
    );
    expect(await store.recordFailure('argocd', 'main', 'HTTP 500')).toBe(true);
    const failed = await store.get('argocd', 'main');
    expect(failed?.fetchedAt).toBe(second.toISOString());
    expect(failed?.data).toEqual(['a']);
    expect(failed?.error?.message).toBe('HTTP 500');
    // Recovering with the data of before is a change too: the error is gone.
    expect(await store.recordSuccess('argocd', 'main', ['a'])).toBe(true);
    expect((await store.get('argocd', 'main'))?.error).toBeUndefined();
  });

  it('compares with what the shared cache holds, whichever instance polled before', async () => {
    const shared = new MemoryCache();
    const one = new SnapshotStore(shared, 0);
    const two = new SnapshotStore(shared, 0);
    expect(await one.recordSuccess('alerts', 'main', ['x'])).toBe(true);
    expect(await two.recordSuccess('alerts', 'main', ['y'])).toBe(true);
    // `one` last wrote ['x'], but the cache holds ['y']: a change.
    expect(await one.recordSuccess('alerts', 'main', ['x'])).toBe(true);
    await one.bumpGeneration('alerts');
    expect((await two.get('alerts', 'main'))?.data).toEqual(['x']);
    expect(await two.recordSuccess('alerts', 'main', ['x'])).toBe(false);
  });

  it('stamps one instance’s content, unmoved by polls that found the same data', async () => {
    const store = new SnapshotStore(new MemoryCache(), 0);
    await store.recordSuccess('traces', 'checkout', { rate: 1 });
    await store.recordSuccess('traces', 'payments', { rate: 1 });
    await store.bumpGeneration('traces');
    const checkout = await store.contentVersion('traces', 'checkout');
    await store.recordSuccess('traces', 'checkout', { rate: 1 });
    await store.recordSuccess('traces', 'payments', { rate: 2 });
    await store.bumpGeneration('traces');
    // Another service's figures moved the source's generation, not this one.
    expect(await store.contentVersion('traces', 'checkout')).toBe(checkout);
    await store.recordFailure('traces', 'checkout', 'HTTP 503');
    await store.bumpGeneration('traces');
    expect(await store.contentVersion('traces', 'checkout')).not.toBe(checkout);
    expect(await store.contentVersion('traces', 'unknown')).toBe('none');
  });
});
