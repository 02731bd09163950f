import { EksPlatformApi } from '../api';
import { statusFixture } from '../__testUtils__/fixtures';
import { unusedScorecardApi } from '../__testUtils__/renderCard';
import { EntityStatusStore } from './EntityStatusStore';

const REF = 'component:default/checkout';

function fakeDocument() {
  const listeners = new Set<() => void>();
  return {
    hidden: false,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    setHidden(hidden: boolean) {
      this.hidden = hidden;
      listeners.forEach(l => l());
    },
    listenerCount: () => listeners.size,
  };
}

function setup() {
  let clock = 1_000_000;
  const api = {
    getEntityStatus: jest.fn(async () => statusFixture()),
    queryStatus: jest.fn(),
    listEnvironments: jest.fn(),
    checkServiceName: jest.fn(),
    ...unusedScorecardApi(),
  } satisfies EksPlatformApi;
  const doc = fakeDocument();
  const store = new EntityStatusStore(api, {
    intervalMs: 15_000,
    now: () => clock,
    document: doc as unknown as Document,
  });
  return {
    api,
    doc,
    store,
    advance: async (ms: number) => {
      clock += ms;
      jest.advanceTimersByTime(ms);
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('EntityStatusStore', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends one request for many subscribers of one entity', async () => {
    const { api, store, advance } = setup();
    const unsubscribe = [1, 2, 3, 4].map(() => store.subscribe(REF, () => {}));
    await advance(0);
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot(REF)).toMatchObject({
      loading: false,
      updatedAt: 1_000_000,
    });
    expect(store.getSnapshot(REF).status?.entityRef).toBe(REF);
    unsubscribe.forEach(u => u());
  });

  it('polls every interval while visible and pauses while hidden', async () => {
    const { api, store, doc, advance } = setup();
    const unsubscribe = store.subscribe(REF, () => {});
    await advance(0);
    await advance(15_000);
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);

    doc.setHidden(true);
    await advance(45_000);
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);

    doc.setHidden(false); // catches up at once
    await advance(0);
    expect(api.getEntityStatus).toHaveBeenCalledTimes(3);
    unsubscribe();
    expect(doc.listenerCount()).toBe(0);
    await advance(60_000);
    expect(api.getEntityStatus).toHaveBeenCalledTimes(3);
  });

  it('keeps the last answer when a refresh fails', async () => {
    const { api, store, advance } = setup();
    const unsubscribe = store.subscribe(REF, () => {});
    await advance(0);
    api.getEntityStatus.mockRejectedValueOnce(new Error('backend down'));
    await advance(15_000);
    const snapshot = store.getSnapshot(REF);
    expect(snapshot.error?.message).toBe('backend down');
    expect(snapshot.status?.entityRef).toBe(REF);
    expect(snapshot.updatedAt).toBe(1_000_000);
    unsubscribe();
  });

  it('sends one request per view, shared by the subscribers of that view', async () => {
    const { api, store, advance } = setup();
    const unsubscribe = [
      store.subscribe(REF, () => {}, 'summary'),
      store.subscribe(REF, () => {}, 'summary'),
      store.subscribe(REF, () => {}, 'full'),
      store.subscribe(REF, () => {}),
    ];
    await advance(0);
    expect(api.getEntityStatus.mock.calls).toEqual([
      [REF, { view: 'summary' }],
      [REF, { view: 'full' }],
    ]);
    expect(store.getSnapshot(REF, 'summary').status?.entityRef).toBe(REF);
    expect(store.getSnapshot(REF, 'full').status?.entityRef).toBe(REF);
    unsubscribe.forEach(u => u());
  });

  it('reuses a fresh cached answer for a new subscriber', async () => {
    const { api, store, advance } = setup();
    store.subscribe(REF, () => {})();
    await advance(0);
    await advance(5_000);
    const unsubscribe = store.subscribe(REF, () => {});
    await advance(0);
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);
    unsubscribe();
  });
});
