import { ClusterState } from './clusterState';
import { findByKind } from './resources';
import { StoredEvent } from './types';
import { namespace, pod } from './__testUtils__/fixtures';

const fixedNow = () => new Date('2026-11-22T02:00:00.123Z');
const deployment = (replicas: number, ready = 0) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments-api',
    namespace: 'payments',
    labels: { app: 'payments-api' },
  },
  spec: {
    replicas,
    template: { spec: { containers: [{ name: 'app', image: 'x:1' }] } },
  },
  status: { readyReplicas: ready },
});

describe('ClusterState', () => {
  it('assigns uid, timestamps and a cluster-wide monotonic resourceVersion', () => {
    const state = new ClusterState({ now: fixedNow });
    const ns = state.apply(namespace('payments'));
    const p = state.apply(pod('payments', 'a'));
    expect(ns.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(ns.metadata.creationTimestamp).toBe('2026-11-22T02:00:00Z');
    expect(Number(p.metadata.resourceVersion)).toBeGreaterThan(
      Number(ns.metadata.resourceVersion),
    );
    expect(state.resourceVersion).toBe(Number(p.metadata.resourceVersion));
  });

  it('treats an unchanged apply as a no-op and keeps identity on replace', () => {
    const state = new ClusterState();
    const first = state.apply(deployment(3));
    const again = state.apply({ ...deployment(3) });
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const scaled = state.apply(deployment(5));
    expect(scaled.metadata.uid).toBe(first.metadata.uid);
    expect(scaled.metadata.generation).toBe(2);
    // A status-only change does not bump the generation, as on a real server.
    const ready = state.apply(deployment(5, 5));
    expect(ready.metadata.generation).toBe(2);
    expect(Number(ready.metadata.resourceVersion)).toBeGreaterThan(
      Number(scaled.metadata.resourceVersion),
    );
  });

  it('records managedFields for spec and status managers', () => {
    const state = new ClusterState({ now: fixedNow });
    const stored = state.apply(deployment(3, 1));
    expect(stored.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'argocd-controller',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: expect.objectContaining({
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': expect.objectContaining({ 'f:replicas': {} }),
        }),
      }),
      expect.objectContaining({
        manager: 'kube-controller-manager',
        subresource: 'status',
        fieldsV1: { 'f:status': { 'f:readyReplicas': {} } },
      }),
    ]);
  });

  it('adds the status manager entry once a status appears, keeping unchanged entries', () => {
    let now = new Date('2026-11-22T02:00:00Z');
    const state = new ClusterState({ now: () => now });
    state.apply({ ...deployment(3), status: {} });
    now = new Date('2026-11-22T02:05:00Z');
    const ready = state.apply(deployment(3, 3));
    expect(ready.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'argocd-controller',
        time: '2026-11-22T02:00:00Z',
      }),
      expect.objectContaining({
        subresource: 'status',
        time: '2026-11-22T02:05:00Z',
      }),
    ]);
  });

  it('emits events and deletes with the deletion resourceVersion', () => {
    const state = new ClusterState();
    const events: StoredEvent[] = [];
    state.subscribe(event => events.push(event));
    state.apply(pod('payments', 'a'));
    state.apply(pod('payments', 'a', { phase: 'Succeeded' }));
    const removed = state.remove('v1', 'Pod', 'payments', 'a');
    expect(events.map(e => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(removed?.metadata.resourceVersion).toBe(
      String(state.resourceVersion),
    );
    expect(state.remove('v1', 'Pod', 'payments', 'a')).toBeUndefined();
    expect(state.get('v1', 'Pod', 'payments', 'a')).toBeUndefined();
  });

  it('rebuilds past states from history and forgets them once trimmed', () => {
    const state = new ClusterState({ historyLimit: 3 });
    const pods = findByKind('v1', 'Pod')!;
    state.apply(pod('payments', 'a'));
    const before = state.resourceVersion;
    state.apply(pod('payments', 'b'));
    state.remove('v1', 'Pod', 'payments', 'a');
    expect(state.objectsAt(pods, before)!.map(p => p.metadata.name)).toEqual([
      'a',
    ]);
    expect(state.eventsAfter(before)!.map(e => e.type)).toEqual([
      'ADDED',
      'DELETED',
    ]);
    state.apply(pod('payments', 'c'));
    state.apply(pod('payments', 'd'));
    expect(state.objectsAt(pods, before)).toBeUndefined();
    expect(state.eventsAfter(before)).toBeUndefined();
    state.compact();
    expect(state.eventsAfter(state.resourceVersion)).toEqual([]);
  });

  it('rejects objects it cannot store, saying what to fix', () => {
    const state = new ClusterState();
    expect(() =>
      state.apply({
        apiVersion: 'v1',
        kind: 'Widget',
        metadata: { name: 'x' },
      }),
    ).toThrow(/does not serve kind Widget in v1/);
    expect(() =>
      state.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }),
    ).toThrow(/needs metadata.namespace/);
    expect(() => state.setHistoryLimit(-1)).toThrow(/non-negative integer/);
  });
});
