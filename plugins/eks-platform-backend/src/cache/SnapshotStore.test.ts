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
    // Only the small generation key was read, not the snapshot.
    expect(get.mock.calls.map(c => c[0])).toEqual([
      'snapshot-generation:alerts',
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
});
