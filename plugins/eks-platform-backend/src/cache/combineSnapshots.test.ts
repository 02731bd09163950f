import { combineSnapshots } from './combineSnapshots';

describe('combineSnapshots', () => {
  const fresh = { fetchedAt: '2026-01-01T00:00:10Z', data: [1] };
  const failing = {
    fetchedAt: '2026-01-01T00:00:05Z',
    data: [2],
    error: { message: 'HTTP 500', since: '2026-01-01T00:00:06Z' },
  };

  it('is ok when every instance is fresh', () => {
    const c = combineSnapshots([
      { instance: 'a', upstream: 'x/a', snapshot: fresh },
      {
        instance: 'b',
        upstream: 'x/b',
        snapshot: { ...fresh, fetchedAt: '2026-01-01T00:00:08Z' },
      },
    ]);
    expect(c.state).toBe('ok');
    expect(c.fetchedAt).toBe('2026-01-01T00:00:08Z');
    expect(c.usable).toHaveLength(2);
  });

  it('is stale with the last good data and the failure run start when an instance fails', () => {
    const c = combineSnapshots([
      { instance: 'a', upstream: 'x/a', snapshot: fresh },
      { instance: 'b', upstream: 'x/b', snapshot: failing },
    ]);
    expect(c.state).toBe('stale');
    expect(c.error).toEqual({
      upstream: 'x/b',
      message: 'HTTP 500',
      since: '2026-01-01T00:00:06Z',
    });
    expect(c.usable.map(u => u.data)).toEqual([[1], [2]]);
    expect(c.perInstance).toEqual([
      { instance: 'a', state: 'ok', error: undefined },
      { instance: 'b', state: 'error', error: c.error },
    ]);
  });

  it('is an error when nothing usable exists, including a never-polled instance', () => {
    const c = combineSnapshots([
      { instance: 'a', upstream: 'x/a', snapshot: undefined },
    ]);
    expect(c.state).toBe('error');
    expect(c.error!.message).toMatch(/first poll/);
  });
});
