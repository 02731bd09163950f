import { mockServices } from '@backstage/backend-test-utils';
import { MemoryCache } from '../__testUtils__/memoryCache';
import { pollInstances } from './polling';
import { SnapshotStore } from './SnapshotStore';

const logger = mockServices.logger.mock();
const tick = () => new Promise(resolve => setTimeout(resolve, 5));

describe('pollInstances', () => {
  it('moves only the poll time when every instance answers what is stored', async () => {
    const store = new SnapshotStore(new MemoryCache(), 0);
    const answers: Record<string, string[]> = { a: ['x'], b: ['y'] };
    const poll = () =>
      pollInstances({
        store,
        source: 'argocd',
        instances: ['a', 'b'],
        logger,
        fetch: async instance => answers[instance],
      });
    await poll();
    const generation = await store.generation('argocd');
    const before = await store.get('argocd', 'a');
    await tick();
    await poll();
    expect(await store.generation('argocd')).toBe(generation);
    const after = await store.get('argocd', 'a');
    expect(after?.data).toEqual(['x']);
    expect(after!.fetchedAt! > before!.fetchedAt!).toBe(true);

    // One instance's new data is a new content generation.
    answers.b = ['y', 'z'];
    await poll();
    expect(await store.generation('argocd')).not.toBe(generation);
    expect((await store.get('argocd', 'b'))?.data).toEqual(['y', 'z']);
  });

  it('bumps the content generation on a failure, keeping the last good data', async () => {
    const store = new SnapshotStore(new MemoryCache(), 0);
    let failing = false;
    const poll = () =>
      pollInstances({
        store,
        source: 'alerts',
        instances: ['main'],
        logger,
        fetch: async () => {
          if (failing) throw new Error('connect ECONNREFUSED 127.0.0.1:9093');
          return ['alert'];
        },
      });
    await poll();
    const generation = await store.generation('alerts');
    failing = true;
    await poll();
    expect(await store.generation('alerts')).not.toBe(generation);
    const snapshot = await store.get('alerts', 'main');
    expect(snapshot?.data).toEqual(['alert']);
    // Not an UpstreamError: described without its text (no secrets in it).
    expect(snapshot?.error?.message).toBe(
      'unexpected error while reading the upstream',
    );
  });
});
