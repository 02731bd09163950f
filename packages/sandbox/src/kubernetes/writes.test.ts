import {
  ApiException,
  PatchStrategy,
  setHeaderOptions,
  V1ConfigMap,
} from '@kubernetes/client-node';
import { ClusterState } from './clusterState';
import { KubernetesApiServer, startKubernetesApiServer } from './server';
import { clientsFor } from './__testUtils__/kubeClient';
import { namespace } from './__testUtils__/fixtures';

async function failureOf(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    e => e,
  );
  if (!(error instanceof ApiException))
    throw new Error(`expected an ApiException, got ${error}`);
  return { code: error.code, body: JSON.parse(error.body as string) };
}

describe('Kubernetes API simulator writes', () => {
  let server: KubernetesApiServer;
  let clients: ReturnType<typeof clientsFor>;
  const configMap = (data: Record<string, string>): V1ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', labels: { app: 'payments-api' } },
    data,
  });

  beforeEach(async () => {
    const state = new ClusterState();
    state.apply(namespace('payments'));
    server = await startKubernetesApiServer({ name: 'dev', state });
    clients = clientsFor(server);
  });
  afterEach(() => server.close());

  it('creates, replaces, patches and deletes with the apiserver answers', async () => {
    const created = await clients.core.createNamespacedConfigMap({
      namespace: 'payments',
      body: configMap({ a: '1' }),
    });
    expect(created.metadata).toMatchObject({
      namespace: 'payments',
      uid: expect.any(String),
      resourceVersion: expect.any(String),
    });
    expect(created.metadata?.managedFields?.[0]?.manager).toBe(
      'kubectl-client-side-apply',
    );

    const duplicate = await failureOf(
      clients.core.createNamespacedConfigMap({
        namespace: 'payments',
        body: configMap({}),
      }),
    );
    expect(duplicate).toMatchObject({
      code: 409,
      body: {
        reason: 'AlreadyExists',
        message: 'configmaps "settings" already exists',
      },
    });

    const replaced = await clients.core.replaceNamespacedConfigMap({
      namespace: 'payments',
      name: 'settings',
      body: { ...configMap({ a: '2' }), metadata: { ...created.metadata } },
    });
    expect(replaced.data).toEqual({ a: '2' });
    const stale = await failureOf(
      clients.core.replaceNamespacedConfigMap({
        namespace: 'payments',
        name: 'settings',
        body: { ...configMap({ a: '3' }), metadata: { ...created.metadata } },
      }),
    );
    expect(stale).toMatchObject({ code: 409, body: { reason: 'Conflict' } });

    const patched = await clients.core.patchNamespacedConfigMap(
      {
        namespace: 'payments',
        name: 'settings',
        body: { data: { b: '2' }, metadata: { labels: { app: null } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.data).toEqual({ a: '2', b: '2' });
    expect(patched.metadata?.labels).toBeUndefined();

    const deleted = await clients.core.deleteNamespacedConfigMap({
      namespace: 'payments',
      name: 'settings',
    });
    expect(deleted).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'settings', kind: 'configmaps' },
    });
    expect(
      server.state.get('v1', 'ConfigMap', 'payments', 'settings'),
    ).toBeUndefined();
    const gone = await failureOf(
      clients.core.deleteNamespacedConfigMap({
        namespace: 'payments',
        name: 'settings',
      }),
    );
    expect(gone.code).toBe(404);
  });

  it('refuses objects that do not fit the request', async () => {
    const missingNamespace = await failureOf(
      clients.core.createNamespacedConfigMap({
        namespace: 'nowhere',
        body: configMap({}),
      }),
    );
    expect(missingNamespace).toMatchObject({
      code: 404,
      body: { message: 'namespaces "nowhere" not found' },
    });
    const wrongNamespace = await failureOf(
      clients.core.createNamespacedConfigMap({
        namespace: 'payments',
        body: { ...configMap({}), metadata: { name: 'x', namespace: 'other' } },
      }),
    );
    expect(wrongNamespace.body.message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
    const jsonPatch = await failureOf(
      clients.core.patchNamespacedConfigMap(
        { namespace: 'payments', name: 'x', body: [] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ),
    );
    expect(jsonPatch.code).toBe(415);
  });

  it('creates deployments with a generation and deletes a namespace with its contents', async () => {
    const deployment = await clients.apps.createNamespacedDeployment({
      namespace: 'payments',
      body: {
        metadata: { generateName: 'payments-api-' },
        spec: {
          selector: { matchLabels: { app: 'x' } },
          template: {
            metadata: { labels: { app: 'x' } },
            spec: { containers: [{ name: 'app', image: 'x:1' }] },
          },
        },
      },
    });
    expect(deployment.metadata?.name).toMatch(/^payments-api-[a-z0-9]{5}$/);
    expect(deployment.metadata?.generation).toBe(1);
    await clients.core.deleteNamespace({ name: 'payments' });
    expect(server.state.list('apps/v1', 'Deployment')).toEqual([]);
  });
});
