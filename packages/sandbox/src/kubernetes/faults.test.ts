import {
  ApiException,
  ConfigurationOptions,
  CoreV1Api,
  Observable,
  ObservableMiddleware,
  RequestContext,
  ResponseContext,
  Watch,
} from '@kubernetes/client-node';
import { ClusterState } from './clusterState';
import { KubernetesApiServer, startKubernetesApiServer } from './server';
import { clientsFor } from './__testUtils__/kubeClient';
import { seedCluster } from './__testUtils__/fixtures';

/** client-node middleware that aborts a request after `ms`, the way the product bounds cluster calls. */
function withTimeout(ms: number): ConfigurationOptions<ObservableMiddleware> {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(AbortSignal.timeout(ms));
          return new Observable(Promise.resolve(context));
        },
        post: (context: ResponseContext) =>
          new Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

describe('Kubernetes API simulator fault injection', () => {
  let server: KubernetesApiServer;
  let core: CoreV1Api;

  beforeEach(async () => {
    const state = new ClusterState();
    seedCluster(state);
    server = await startKubernetesApiServer({ name: 'stage', state });
    core = clientsFor(server).core;
  });
  afterEach(() => server.close());

  it('delays every request by the injected latency', async () => {
    server.setLatency(300);
    const started = Date.now();
    await core.listNamespacedPod({ namespace: 'payments' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    server.setLatency(0);
  });

  it('delays the start of a watch too', async () => {
    server.setLatency(300);
    const started = Date.now();
    const controller = await new Watch(clientsFor(server).kc).watch(
      '/api/v1/pods',
      {},
      () => {},
      () => {},
    );
    // Watch.watch resolves once the response headers arrived.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    controller.abort();
  });

  it('answers the failure rate with 500 InternalError Status bodies', async () => {
    server.setFailureRate(1);
    const error = await core
      .listNamespacedPod({ namespace: 'payments' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ApiException);
    expect(error.code).toBe(500);
    expect(JSON.parse(error.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
    });

    server.setFailureRate(0);
    await expect(
      core.listNamespacedPod({ namespace: 'payments' }),
    ).resolves.toBeDefined();
  });

  it('fails a fraction of requests when the rate is partial', async () => {
    const rolls = [0.1, 0.9, 0.2, 0.8];
    const seeded = await startKubernetesApiServer({
      name: 'seeded',
      failureRate: 0.5,
      random: () => rolls.shift()!,
    });
    const client = clientsFor(seeded).core;
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await client.listNamespace().then(
          () => 200,
          (e: ApiException<unknown>) => e.code,
        ),
      );
    }
    expect(outcomes).toEqual([500, 200, 500, 200]);
    await seeded.close();
  });

  it('hangs without answering, so a client with a timeout fails', async () => {
    server.setHang(true);
    const started = Date.now();
    await expect(
      core.listNamespacedPod({ namespace: 'payments' }, withTimeout(300)),
    ).rejects.toThrow(/aborted/i);
    expect(Date.now() - started).toBeLessThan(2000);
    server.setHang(false);
    await expect(
      core.listNamespacedPod({ namespace: 'payments' }, withTimeout(1000)),
    ).resolves.toBeDefined();
  });

  it('counts requests per method and path', async () => {
    await core.listNamespacedPod({ namespace: 'payments' });
    await core.listNamespacedPod({
      namespace: 'payments',
      labelSelector: 'tier',
    });
    await core.readNamespace({ name: 'payments' });
    expect(
      server.requestCounts.get('GET /api/v1/namespaces/payments/pods'),
    ).toBe(2);
    expect(server.requestCounts.get('GET /api/v1/namespaces/payments')).toBe(1);
  });

  it('stops and starts again on the same port with the same state', async () => {
    const { port, url } = server;
    await core.listNamespace();
    await server.stop();
    await expect(core.listNamespace()).rejects.toThrow(/ECONNREFUSED/);
    server.state.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'added-while-down' },
    });
    await server.start();
    expect(server.port).toBe(port);
    expect(server.url).toBe(url);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual([
      'added-while-down',
      'checkout',
      'payments',
    ]);
    expect(server.requestCounts.get('GET /api/v1/namespaces')).toBe(2);
  });

  it('rejects impossible fault settings', () => {
    expect(() => server.setFailureRate(2)).toThrow(
      'failure rate must be between 0 and 1, got 2',
    );
    expect(() => server.setLatency(-1)).toThrow(
      'latency must be a non-negative number',
    );
  });
});
