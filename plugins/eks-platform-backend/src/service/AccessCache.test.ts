import { Entity } from '@backstage/catalog-model';
import { AccessCache } from './AccessCache';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: {},
});

describe('AccessCache', () => {
  let now = 0;
  const cache = (ttlMs = 1000, maxEntries = 10) =>
    new AccessCache({ ttlMs, maxEntries, now: () => now });
  beforeEach(() => {
    now = 0;
  });

  it('serves an entry to the same caller until its time-to-live ends', () => {
    const c = cache(1000);
    c.rememberAllowed(
      'user user:default/a',
      'component:default/x',
      entity('x'),
    );
    now = 999;
    expect(c.get('user user:default/a', 'component:default/x')).toEqual(
      entity('x'),
    );
    now = 1000;
    expect(c.get('user user:default/a', 'component:default/x')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('never gives one caller the entry of another', () => {
    const c = cache();
    c.rememberAllowed(
      'user user:default/a',
      'component:default/x',
      entity('x'),
    );
    expect(c.get('user user:default/b', 'component:default/x')).toBeUndefined();
    expect(
      c.get('service plugin:catalog', 'component:default/x'),
    ).toBeUndefined();
  });

  it('cannot be fooled by a principal that spells another key', () => {
    const c = cache();
    // Plain concatenation would make these two the same key.
    c.rememberAllowed('user a', 'b c', entity('x'));
    expect(c.get('user a b', 'c')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the least recently used', () => {
    const c = cache(60_000, 3);
    for (const name of ['a', 'b', 'c'])
      c.rememberAllowed('u', name, entity(name));
    expect(c.get('u', 'a')).toBeDefined(); // a is now the most recent
    c.rememberAllowed('u', 'd', entity('d'));
    expect(c.size).toBe(3);
    expect(c.get('u', 'b')).toBeUndefined();
    expect(['a', 'c', 'd'].map(n => c.get('u', n)?.metadata.name)).toEqual([
      'a',
      'c',
      'd',
    ]);
    for (let i = 0; i < 1000; i++) c.rememberAllowed('u', `e${i}`, entity('e'));
    expect(c.size).toBe(3);
  });

  it('stores nothing when its time-to-live is 0', () => {
    const c = cache(0);
    c.rememberAllowed('u', 'component:default/x', entity('x'));
    expect(c.size).toBe(0);
    expect(c.get('u', 'component:default/x')).toBeUndefined();
  });
});
