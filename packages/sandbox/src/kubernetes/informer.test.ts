import { ListWatch, makeInformer, V1Pod } from '@kubernetes/client-node';
import { ClusterState } from './clusterState';
import { KubernetesApiServer, startKubernetesApiServer } from './server';
import { clientsFor } from './__testUtils__/kubeClient';
import { pod, seedCluster } from './__testUtils__/fixtures';
import { waitFor } from './__testUtils__/waitFor';

describe('an informer against the Kubernetes API simulator', () => {
  let server: KubernetesApiServer;
  let state: ClusterState;

  beforeEach(async () => {
    state = new ClusterState();
    seedCluster(state);
    // A short watch history, so that a few changes during an outage expire the informer's version.
    server = await startKubernetesApiServer({
      name: 'prod',
      state,
      watchHistory: 3,
    });
  });
  afterEach(() => server.close());

  it('survives a 410 after an outage: re-lists and converges to the cluster state', async () => {
    const { kc, core } = clientsFor(server);
    let lists = 0;
    const informer = makeInformer(
      kc,
      '/api/v1/namespaces/payments/pods',
      () => {
        lists++;
        return core.listNamespacedPod({ namespace: 'payments' });
      },
    );
    const deleted: string[] = [];
    informer.on('delete', (p: V1Pod) => deleted.push(p.metadata!.name!));
    // What client-node documents for informers: restart after an error.
    let restarts = 0;
    informer.on('error', () => {
      restarts++;
      setTimeout(() => void informer.start(), 50);
    });
    // makeInformer returns a ListWatch; its typing just does not expose the version it resumes from.
    const resumeVersion = () =>
      (informer as unknown as ListWatch<V1Pod>).latestResourceVersion();
    const names = () =>
      informer
        .list('payments')
        .map(p => p.metadata!.name!)
        .sort();

    await informer.start();
    expect(lists).toBe(1);
    expect(names()).toEqual([
      'payments-api-7d9f-a',
      'payments-api-7d9f-b',
      'payments-api-7d9f-c',
    ]);
    const watchedVersion = resumeVersion();

    state.apply(
      pod('payments', 'payments-api-7d9f-d', { app: 'payments-api' }),
    );
    await waitFor(
      () => names().includes('payments-api-7d9f-d'),
      3000,
      'live ADDED',
    );
    expect(lists).toBe(1);

    await server.stop();
    await waitFor(
      () => restarts > 0,
      3000,
      'the informer to notice the outage',
    );
    // While the cluster is unreachable, more happens than the watch history keeps.
    state.remove('v1', 'Pod', 'payments', 'payments-api-7d9f-a');
    state.remove('v1', 'Pod', 'payments', 'payments-api-7d9f-b');
    state.apply(
      pod('payments', 'payments-api-8e1a-e', { app: 'payments-api' }),
    );
    state.apply(
      pod('payments', 'payments-api-8e1a-f', { app: 'payments-api' }),
    );
    state.apply(
      pod('payments', 'payments-api-7d9f-c', {
        app: 'payments-api',
        node: 'node-a',
        phase: 'Running',
      }),
    );
    expect(state.eventsAfter(Number(resumeVersion()))).toBeUndefined();
    await server.start();

    await waitFor(() => lists === 2, 5000, 'a re-list after 410');
    await waitFor(
      () =>
        names().join() ===
        'payments-api-7d9f-c,payments-api-7d9f-d,payments-api-8e1a-e,payments-api-8e1a-f',
      3000,
      'convergence',
    );
    expect(informer.get('payments-api-7d9f-c', 'payments')?.status?.phase).toBe(
      'Running',
    );
    expect(deleted.sort()).toEqual([
      'payments-api-7d9f-a',
      'payments-api-7d9f-b',
    ]);
    expect(Number(resumeVersion())).toBeGreaterThan(Number(watchedVersion));

    // And it keeps watching from the fresh version.
    state.remove('v1', 'Pod', 'payments', 'payments-api-7d9f-d');
    await waitFor(
      () => !names().includes('payments-api-7d9f-d'),
      3000,
      'DELETED after recovery',
    );
    expect(lists).toBe(2);
    await informer.stop();
  });
});
