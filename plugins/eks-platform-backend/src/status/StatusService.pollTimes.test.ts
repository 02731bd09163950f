import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { EksPlatformStatusSource } from '@internal/backstage-plugin-eks-platform-node';
import { component } from '../__testUtils__/entities';
import { MemoryCache } from '../__testUtils__/memoryCache';
import { pollInstances } from '../cache/polling';
import { SnapshotStore } from '../cache/SnapshotStore';
import { readPlatformConfig } from '../config/readPlatformConfig';
import { StoredAlert } from '../sources/alerts/alertmanagerPoller';
import { StoredApplication } from '../sources/argocd/argoCdPoller';
import { createAuthStrategy } from '../sources/kubernetes/clusters';
import { KubernetesSource } from '../sources/kubernetes/KubernetesSource';
import { pollTraces, TRACES_SOURCE } from '../sources/traces/tracesPoller';
import { ServiceTraces } from '../sources/traces/types';
import { ALERTS_SOURCE, ARGOCD_SOURCE, StatusService } from './StatusService';

/*
 * A fleet query after a poll that found what was stored: the remembered
 * statuses are served (nothing is assembled again), with the new poll's
 * fetchedAt. Assemblies are counted by an added status source, which the
 * service asks exactly once per assembled status.
 */

const FLEET = 40;
const logger = mockServices.logger.mock();
const config = readPlatformConfig(
  new ConfigReader({
    eksPlatform: {
      alertmanager: {
        instances: [{ name: 'main', url: 'http://127.0.0.1:9' }],
      },
      argocd: {
        instances: [{ name: 'main', url: 'http://127.0.0.1:9', token: 't' }],
      },
      traces: {
        source: 'prometheus',
        prometheus: { url: 'http://127.0.0.1:9' },
      },
    },
  }),
);
const names = Array.from({ length: FLEET }, (_, i) => `svc-${i}`);
const fleet = names.map(name =>
  component(name, {
    'backstage.io/kubernetes-id': name,
    'argocd/app-name': name,
    'jaegertracing.io/service-name': name,
  }),
);

const alert = (service: string): StoredAlert => ({
  fingerprint: service,
  labels: { alertname: 'HighLatency', service, severity: 'warning' },
  startsAt: '2026-11-30T10:00:00.000Z',
  state: 'active',
  silenced: false,
  inhibited: false,
});
const app = (name: string): StoredApplication => ({
  name,
  labels: {},
  project: 'default',
  syncStatus: 'Synced',
  healthStatus: 'Healthy',
  destination: { name: 'dev', namespace: name },
});
const figures = (service: string, requestRate: number): ServiceTraces => ({
  service,
  window: '15m',
  current: { requestRate, errorRatio: 0, latencyMs: { p95: 12 } },
  series: [],
  operations: [],
});

interface Upstreams {
  alerts: StoredAlert[];
  applications: StoredApplication[];
  /** requestRate per service; the others have no traffic. */
  rates: Record<string, number>;
}

/** One poll of each source, as the scheduled tasks run them. */
async function pollAll(store: SnapshotStore, upstreams: Upstreams) {
  await Promise.all([
    pollInstances({
      store,
      source: ALERTS_SOURCE,
      instances: ['main'],
      logger,
      fetch: async () => upstreams.alerts,
    }),
    pollInstances({
      store,
      source: ARGOCD_SOURCE,
      instances: ['main'],
      logger,
      fetch: async () => upstreams.applications,
    }),
    pollTraces({
      config: config.traces!,
      backend: {
        upstream: 'prometheus',
        fetch: async () =>
          new Map(
            Object.entries(upstreams.rates).map(([s, rate]) => [
              s,
              figures(s, rate),
            ]),
          ),
      },
      store,
      services: names,
      timeoutMs: 1000,
      logger,
    }),
  ]);
  // Poll times are ISO strings to the millisecond: the next poll is later.
  await new Promise(resolve => setTimeout(resolve, 5));
}

function setup() {
  const store = new SnapshotStore(new MemoryCache(), 0);
  const assembled: string[] = [];
  const counter: EksPlatformStatusSource = {
    id: 'assemblies',
    title: 'Assemblies',
    version: () => 'v1',
    forEntity: async entity => {
      assembled.push(entity.metadata.name);
      return { state: 'ok', data: { title: 'Assemblies', findings: [] } };
    },
  };
  const status = new StatusService({
    config,
    kubernetes: new KubernetesSource(
      [],
      createAuthStrategy(new ConfigReader({})),
      logger,
    ),
    store,
    triggers: { alerts: () => {}, argocd: () => {}, traces: () => {} },
    logger,
    extraSources: [counter],
  });
  const query = () =>
    Promise.all(fleet.map(entity => status.statusOf(entity, 'summary')));
  return { store, assembled, query };
}

const upstreams = (): Upstreams => ({
  alerts: [alert('svc-0')],
  applications: names.map(app),
  rates: { 'svc-0': 5, 'svc-1': 7 },
});

describe('StatusService across polls that find the same data', () => {
  it('assembles a fleet once and answers the second query with the newer poll’s fetchedAt', async () => {
    const { store, assembled, query } = setup();
    const data = upstreams();
    await pollAll(store, data);
    const first = await query();
    expect(assembled).toHaveLength(FLEET);
    expect(first.every(s => s.sources.alerts.state === 'ok')).toBe(true);
    expect(first.every(s => s.sources.argocd.state === 'ok')).toBe(true);
    expect(first.every(s => s.sources.traces.state === 'ok')).toBe(true);

    await pollAll(store, data);
    const second = await query();
    expect(assembled).toHaveLength(FLEET);
    const polledAt = async (source: string, instance: string) =>
      (await store.get(source, instance))!.fetchedAt;
    for (const [i, answer] of second.entries()) {
      expect(answer.sources.alerts.fetchedAt).toBe(
        await polledAt(ALERTS_SOURCE, 'main'),
      );
      expect(answer.sources.argocd.fetchedAt).toBe(
        await polledAt(ARGOCD_SOURCE, 'main'),
      );
      expect(answer.sources.traces.fetchedAt).toBe(
        await polledAt(TRACES_SOURCE, names[i]),
      );
      expect(
        answer.sources.alerts.fetchedAt! > first[i].sources.alerts.fetchedAt!,
      ).toBe(true);
      // Only the poll times differ from the remembered answer.
      expect({
        ...answer,
        sources: { ...answer.sources, alerts: {}, argocd: {}, traces: {} },
      }).toEqual({
        ...first[i],
        sources: { ...first[i].sources, alerts: {}, argocd: {}, traces: {} },
      });
    }
    // Until the next poll, the very same answers (and their kept JSON).
    const third = await query();
    expect(third.every((s, i) => s === second[i])).toBe(true);
  });

  it('assembles only the entity whose trace figures changed', async () => {
    const { store, assembled, query } = setup();
    const data = upstreams();
    await pollAll(store, data);
    await query();
    data.rates = { ...data.rates, 'svc-1': 9 };
    await pollAll(store, data);
    const answers = await query();
    expect(assembled.slice(FLEET)).toEqual(['svc-1']);
    expect(answers[1].sources.traces.data!.current.requestRate).toBe(9);
  });

  it('assembles again when alerts changed or a poll failed', async () => {
    const { store, assembled, query } = setup();
    const data = upstreams();
    await pollAll(store, data);
    await query();
    data.alerts = [alert('svc-0'), alert('svc-1')];
    await pollAll(store, data);
    const changed = await query();
    expect(assembled).toHaveLength(2 * FLEET);
    expect(changed[1].sources.alerts.data!.firing!.total).toBe(1);

    await pollInstances({
      store,
      source: ARGOCD_SOURCE,
      instances: ['main'],
      logger,
      fetch: async () => {
        throw new Error('socket hang up');
      },
    });
    const failed = await query();
    expect(assembled).toHaveLength(3 * FLEET);
    expect(failed.every(s => s.sources.argocd.state === 'stale')).toBe(true);
  });
});
