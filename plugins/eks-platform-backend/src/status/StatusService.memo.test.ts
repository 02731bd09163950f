import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { component } from '../__testUtils__/entities';
import { MemoryCache } from '../__testUtils__/memoryCache';
import { SnapshotStore } from '../cache/SnapshotStore';
import { readPlatformConfig } from '../config/readPlatformConfig';
import { StoredAlert } from '../sources/alerts/alertmanagerPoller';
import { createAuthStrategy } from '../sources/kubernetes/clusters';
import { KubernetesSource } from '../sources/kubernetes/KubernetesSource';
import { ALERTS_SOURCE, StatusService } from './StatusService';

const config = new ConfigReader({
  eksPlatform: {
    alertmanager: { instances: [{ name: 'main', url: 'http://127.0.0.1:9' }] },
  },
});

const alert = (name: string): StoredAlert => ({
  fingerprint: name,
  labels: { alertname: name, service: 'checkout', severity: 'critical' },
  startsAt: '2026-11-30T10:00:00.000Z',
  state: 'active',
  silenced: false,
  inhibited: false,
});

/** A poll as the scheduled task records it: the snapshot, then a new generation. */
async function poll(store: SnapshotStore, alerts: StoredAlert[]) {
  await store.recordSuccess(ALERTS_SOURCE, 'main', alerts);
  await store.bumpGeneration(ALERTS_SOURCE);
}

function service(store: SnapshotStore) {
  const logger = mockServices.logger.mock();
  return new StatusService({
    config: readPlatformConfig(config),
    kubernetes: new KubernetesSource([], createAuthStrategy(config), logger),
    store,
    triggers: { alerts: () => {}, argocd: () => {}, traces: () => {} },
    logger,
  });
}

const checkout = () =>
  component('checkout', { 'backstage.io/kubernetes-id': 'checkout' });

describe('StatusService per-entity memo', () => {
  it('reuses an entity’s assembled status while no source changed', async () => {
    const store = new SnapshotStore(new MemoryCache());
    await poll(store, [alert('A')]);
    const status = service(store);
    const first = await status.statusOf(checkout(), 'summary');
    expect(first.sources.alerts.data!.firing!.total).toBe(1);
    // The very same object: nothing was assembled again.
    expect(await status.statusOf(checkout(), 'summary')).toBe(first);
  });

  it('assembles again once a source has a new version', async () => {
    const store = new SnapshotStore(new MemoryCache());
    await poll(store, [alert('A')]);
    const status = service(store);
    await status.statusOf(checkout(), 'summary');
    await poll(store, [alert('A'), alert('B')]);
    const after = await status.statusOf(checkout(), 'summary');
    expect(after.sources.alerts.data!.alerts.map(a => a.name)).toEqual([
      'A',
      'B',
    ]);
  });

  it('keeps views and entities apart, and assembles again when the entity changed', async () => {
    const store = new SnapshotStore(new MemoryCache());
    await poll(store, [alert('A')]);
    const status = service(store);
    const summary = await status.statusOf(checkout(), 'summary');
    const full = await status.statusOf(checkout(), 'full');
    expect(full).not.toBe(summary);
    expect(full.sources.alerts.data!.firing).toBeUndefined();
    const matchesNothing = component('checkout', {
      'backstage.io/kubernetes-id': 'checkout',
      'eks.platform/alert-matchers': 'service="other"',
    });
    const changed = await status.statusOf(matchesNothing, 'summary');
    expect(changed.sources.alerts.data!.alerts).toEqual([]);
  });

  it('never keeps an answer with a failing source', async () => {
    const store = new SnapshotStore(new MemoryCache());
    await poll(store, [alert('A')]);
    await store.recordFailure(ALERTS_SOURCE, 'main', 'HTTP 500');
    await store.bumpGeneration(ALERTS_SOURCE);
    const status = service(store);
    const first = await status.statusOf(checkout(), 'summary');
    expect(first.sources.alerts.state).toBe('stale');
    expect(await status.statusOf(checkout(), 'summary')).not.toBe(first);
  });
});
