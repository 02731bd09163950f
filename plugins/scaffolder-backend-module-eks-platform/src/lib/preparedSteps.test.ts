import { ConflictError } from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import { PreparedStep, runPreparedSteps } from './preparedSteps';

/** Checkpoints as the task database keeps them: replayed once stored. */
function checkpoints(store = new Map<string, JsonValue>()) {
  return {
    store,
    async checkpoint<T extends JsonValue | void>(options: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (store.has(options.key)) return store.get(options.key) as T;
      const value = await options.fn();
      store.set(options.key, value as JsonValue);
      return value;
    },
  };
}

describe('runPreparedSteps', () => {
  const events: string[] = [];
  const step = (name: string, refuse = false): PreparedStep => ({
    key: `k.${name}`,
    label: name,
    async prepare() {
      events.push(`read ${name}`);
      if (refuse) throw new ConflictError(`${name} belongs to someone else`);
      return async () => {
        events.push(`write ${name}`);
        return `${name} written`;
      };
    },
  });
  beforeEach(() => events.splice(0));

  it('reads and decides every step before the first write', async () => {
    const done: string[] = [];
    const results = await runPreparedSteps(
      checkpoints(),
      [step('a'), step('b')],
      done,
    );
    expect(events).toEqual(['read a', 'read b', 'write a', 'write b']);
    expect(results).toEqual(['a written', 'b written']);
    expect(done).toEqual(['a', 'b']);
  });

  it('writes nothing when a later step is refused', async () => {
    await expect(
      runPreparedSteps(checkpoints(), [step('a'), step('b', true)]),
    ).rejects.toThrow(ConflictError);
    expect(events).toEqual(['read a', 'read b']);
  });

  it('decides afresh on a recovered run, and replays completed steps', async () => {
    const store = new Map<string, JsonValue>([['k.a', 'a written']]);
    const results = await runPreparedSteps(checkpoints(store), [
      step('a'),
      step('b'),
    ]);
    expect(events).toEqual(['read a', 'read b', 'write b']);
    expect(results).toEqual(['a written', 'b written']);
  });
});
