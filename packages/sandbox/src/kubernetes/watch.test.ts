import { Watch } from '@kubernetes/client-node';
import { ClusterState } from './clusterState';
import { KubernetesApiServer, startKubernetesApiServer } from './server';
import { kubeConfigFor } from './__testUtils__/kubeClient';
import { pod, seedCluster } from './__testUtils__/fixtures';
import { waitFor } from './__testUtils__/waitFor';

interface Seen {
  type: string;
  object: any;
}

/** Opens a watch with the real client and records what it receives. */
async function openWatch(
  server: KubernetesApiServer,
  path: string,
  query: Record<string, string | number | boolean | undefined> = {},
) {
  const events: Seen[] = [];
  let done: { error: unknown } | undefined;
  const controller = await new Watch(kubeConfigFor(server)).watch(
    path,
    query,
    (type, object) => events.push({ type, object }),
    error => {
      done = { error };
    },
  );
  return {
    events,
    isDone: () => done,
    names: (type?: string) =>
      events
        .filter(e => !type || e.type === type)
        .map(e => e.object.metadata?.name),
    stop: () => controller.abort(),
  };
}

describe('Kubernetes API simulator, watch with @kubernetes/client-node', () => {
  let server: KubernetesApiServer;
  let state: ClusterState;

  beforeEach(async () => {
    state = new ClusterState();
    seedCluster(state);
    server = await startKubernetesApiServer({
      name: 'dev',
      state,
      bookmarkIntervalMs: 50,
    });
  });
  afterEach(() => server.close());

  it('sends synthetic ADDED for current objects, then ADDED, MODIFIED and DELETED as they happen', async () => {
    const watch = await openWatch(server, '/api/v1/namespaces/payments/pods');
    await waitFor(() => watch.events.length === 3, 3000, 'initial events');
    expect(
      watch.events.every(e => e.type === 'ADDED' && e.object.kind === 'Pod'),
    ).toBe(true);

    state.apply(
      pod('payments', 'payments-api-7d9f-d', { app: 'payments-api' }),
    );
    state.apply(
      pod('payments', 'payments-api-7d9f-c', {
        app: 'payments-api',
        node: 'node-a',
        phase: 'Running',
      }),
    );
    state.remove('v1', 'Pod', 'payments', 'payments-api-7d9f-a');
    state.apply(pod('checkout', 'elsewhere')); // another namespace: not this watch's business
    await waitFor(() => watch.events.length === 6, 3000, 'live events');
    expect(
      watch.events.slice(3).map(e => [e.type, e.object.metadata.name]),
    ).toEqual([
      ['ADDED', 'payments-api-7d9f-d'],
      ['MODIFIED', 'payments-api-7d9f-c'],
      ['DELETED', 'payments-api-7d9f-a'],
    ]);
    expect(watch.events[5].object.metadata.resourceVersion).toBe(
      String(state.resourceVersion - 1),
    );
    watch.stop();
  });

  it('replays events after a resourceVersion', async () => {
    const from = String(state.resourceVersion);
    state.apply(pod('payments', 'late', { app: 'payments-api' }));
    state.remove('v1', 'Pod', 'payments', 'payments-api-7d9f-b');
    const watch = await openWatch(server, '/api/v1/pods', {
      resourceVersion: from,
    });
    await waitFor(() => watch.events.length === 2, 3000, 'replayed events');
    expect(watch.events.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'late'],
      ['DELETED', 'payments-api-7d9f-b'],
    ]);
    watch.stop();
  });

  it('serves the deprecated /watch/ path like ?watch=true', async () => {
    const watch = await openWatch(
      server,
      '/api/v1/watch/namespaces/checkout/pods',
    );
    await waitFor(() => watch.events.length === 2, 3000, 'initial events');
    expect(watch.names('ADDED')).toEqual([
      'checkout-web-5c4b-a',
      'checkout-web-5c4b-b',
    ]);
    watch.stop();
  });

  it('watches one object on the deprecated /watch/<name> path', async () => {
    const watch = await openWatch(
      server,
      '/api/v1/watch/namespaces/payments/pods/payments-api-7d9f-b',
    );
    await waitFor(() => watch.events.length === 1, 3000, 'initial event');
    state.apply(
      pod('payments', 'payments-api-7d9f-a', {
        app: 'payments-api',
        phase: 'Failed',
      }),
    );
    state.apply(
      pod('payments', 'payments-api-7d9f-b', {
        app: 'payments-api',
        phase: 'Failed',
      }),
    );
    await waitFor(
      () => watch.events.length === 2,
      3000,
      'the named object changing',
    );
    expect(watch.events.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'payments-api-7d9f-b'],
      ['MODIFIED', 'payments-api-7d9f-b'],
    ]);
    watch.stop();
  });

  it('waits for a future resourceVersion before sending events', async () => {
    const future = state.resourceVersion + 2;
    const watch = await openWatch(server, '/api/v1/pods', {
      resourceVersion: String(future),
    });
    state.apply(pod('payments', 'first'));
    state.apply(pod('payments', 'second'));
    state.apply(pod('payments', 'third'));
    await waitFor(
      () => watch.events.length >= 1,
      3000,
      'the event after the future version',
    );
    expect(watch.names()).toEqual(['third']);
    watch.stop();
  });

  it('turns objects leaving or entering the selectors into DELETED and ADDED', async () => {
    const from = String(state.resourceVersion);
    const watch = await openWatch(server, '/api/v1/pods', {
      resourceVersion: from,
      labelSelector: 'app.kubernetes.io/name=payments-api',
      fieldSelector: 'status.phase=Running',
    });
    // Leaves the field selector, then the label selector is changed back in with another phase.
    state.apply(
      pod('payments', 'payments-api-7d9f-a', {
        app: 'payments-api',
        node: 'node-a',
        phase: 'Failed',
      }),
    );
    state.apply(
      pod('payments', 'payments-api-7d9f-c', {
        app: 'payments-api',
        node: 'node-a',
        phase: 'Running',
      }),
    );
    state.apply(
      pod('checkout', 'checkout-web-5c4b-a', {
        app: 'payments-api',
        node: 'node-b',
        labels: { tier: 'frontend' },
      }),
    );
    state.apply(
      pod('payments', 'payments-api-7d9f-b', { app: 'other', node: 'node-b' }),
    );
    await waitFor(
      () => watch.events.length === 4,
      3000,
      'selector transitions',
    );
    expect(watch.events.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['DELETED', 'payments-api-7d9f-a'],
      ['ADDED', 'payments-api-7d9f-c'],
      ['ADDED', 'checkout-web-5c4b-a'],
      ['DELETED', 'payments-api-7d9f-b'],
    ]);
    // DELETED for a leaving object: previous content, the event's resourceVersion.
    expect(watch.events[0].object.status.phase).toBe('Running');
    expect(Number(watch.events[0].object.metadata.resourceVersion)).toBe(
      Number(from) + 1,
    );
    watch.stop();
  });

  it('sends BOOKMARK events only when allowed', async () => {
    const withBookmarks = await openWatch(server, '/apis/apps/v1/deployments', {
      allowWatchBookmarks: true,
      resourceVersion: String(state.resourceVersion),
    });
    const without = await openWatch(server, '/apis/apps/v1/deployments', {
      resourceVersion: String(state.resourceVersion),
    });
    await waitFor(() => withBookmarks.events.length >= 2, 3000, 'bookmarks');
    expect(withBookmarks.events[0]).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        metadata: { resourceVersion: String(state.resourceVersion) },
      },
    });
    expect(without.events).toEqual([]);
    withBookmarks.stop();
    without.stop();
  });

  it('ends initial events with an annotated bookmark when sendInitialEvents is asked for', async () => {
    const watch = await openWatch(server, '/api/v1/namespaces', {
      sendInitialEvents: true,
      allowWatchBookmarks: true,
      resourceVersionMatch: 'NotOlderThan',
    });
    await waitFor(
      () => watch.events.length >= 3,
      3000,
      'initial events and bookmark',
    );
    expect(watch.events.slice(0, 3).map(e => e.type)).toEqual([
      'ADDED',
      'ADDED',
      'BOOKMARK',
    ]);
    expect(watch.events[2].object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
    watch.stop();
  });

  it('answers a too old resourceVersion with one ERROR 410 Expired event and closes', async () => {
    const old = String(state.resourceVersion);
    state.apply(pod('payments', 'newer'));
    state.compact();
    const watch = await openWatch(server, '/api/v1/namespaces/payments/pods', {
      resourceVersion: old,
    });
    await waitFor(() => watch.isDone(), 3000, 'stream end');
    expect(watch.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${old} (${state.resourceVersion})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    expect(watch.isDone()!.error).toBeNull();
  });

  it('closes the stream after timeoutSeconds', async () => {
    const watch = await openWatch(server, '/api/v1/nodes', {
      timeoutSeconds: 1,
    });
    await waitFor(() => watch.isDone(), 3000, 'timeout');
    expect(watch.isDone()!.error).toBeNull();
  });

  it('validates a watch before streaming', async () => {
    const watch = await openWatch(server, '/api/v1/pods', {
      fieldSelector: 'spec.unknown=x',
    });
    await waitFor(() => watch.isDone(), 3000, 'rejection');
    expect((watch.isDone()!.error as { statusCode: number }).statusCode).toBe(
      400,
    );
  });
});
