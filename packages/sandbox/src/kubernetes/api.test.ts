import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import { ClusterState } from './clusterState';
import { KubernetesApiServer, startKubernetesApiServer } from './server';
import { clientsFor } from './__testUtils__/kubeClient';
import { seedCluster } from './__testUtils__/fixtures';

/** The Status body of a failed client-node call, as the apiserver sent it. */
async function statusOf(
  call: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const body =
      typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    return { code: error.code, body };
  }
  throw new Error('expected the call to fail');
}

describe('Kubernetes API simulator, read paths with @kubernetes/client-node', () => {
  let server: KubernetesApiServer;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    const state = new ClusterState();
    seedCluster(state);
    state.apply({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {
        name: 'payments-api',
        namespace: 'payments',
        labels: { 'app.kubernetes.io/name': 'payments-api' },
      },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
        endpoints: [{ port: 'http' }],
      },
    });
    server = await startKubernetesApiServer({ name: 'dev', state });
    clients = clientsFor(server);
  });
  afterAll(() => server.close());

  it('lists across namespaces and within one, in storage-key order, without item kinds', async () => {
    const all = await clients.core.listPodForAllNamespaces();
    expect(all.kind).toBe('PodList');
    expect(all.apiVersion).toBe('v1');
    expect(all.metadata?.resourceVersion).toBe(
      String(server.state.resourceVersion),
    );
    expect(
      all.items.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`),
    ).toEqual([
      'checkout/checkout-web-5c4b-a',
      'checkout/checkout-web-5c4b-b',
      'payments/payments-api-7d9f-a',
      'payments/payments-api-7d9f-b',
      'payments/payments-api-7d9f-c',
    ]);
    const raw = await fetch(`${server.url}/api/v1/namespaces/payments/pods`, {
      headers: { Authorization: 'Bearer sandbox-kube-token' },
    }).then(r => r.json());
    expect(raw.items).toHaveLength(3);
    expect(raw.items[0].kind).toBeUndefined();
    expect(raw.items[0].apiVersion).toBeUndefined();
  });

  it('keeps kind and apiVersion on custom resource list items', async () => {
    const custom = clients.kc.makeApiClient(CustomObjectsApi);
    const list = await custom.listNamespacedCustomObject({
      group: 'monitoring.coreos.com',
      version: 'v1',
      namespace: 'payments',
      plural: 'servicemonitors',
    });
    expect(list.kind).toBe('ServiceMonitorList');
    expect(list.items[0]).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
    });
  });

  it('filters with label and field selectors', async () => {
    const byLabel = await clients.core.listPodForAllNamespaces({
      labelSelector: 'app.kubernetes.io/name in (payments-api),tier!=frontend',
    });
    expect(byLabel.items.map(p => p.metadata?.name)).toEqual([
      'payments-api-7d9f-a',
      'payments-api-7d9f-b',
      'payments-api-7d9f-c',
    ]);
    const byField = await clients.core.listNamespacedPod({
      namespace: 'payments',
      fieldSelector: 'spec.nodeName=node-a,status.phase=Running',
    });
    expect(byField.items.map(p => p.metadata?.name)).toEqual([
      'payments-api-7d9f-a',
    ]);
    const both = await clients.core.listPodForAllNamespaces({
      labelSelector: 'tier',
      fieldSelector: 'spec.nodeName!=node-b',
    });
    expect(both.items.map(p => p.metadata?.name)).toEqual([
      'checkout-web-5c4b-b',
    ]);
  });

  it('rejects bad selectors with a 400 Status', async () => {
    const unsupported = await statusOf(
      clients.core.listNamespacedConfigMap({
        namespace: 'payments',
        fieldSelector: 'spec.nodeName=x',
      }),
    );
    expect(unsupported).toEqual({
      code: 400,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'field label not supported: spec.nodeName',
        reason: 'BadRequest',
        code: 400,
      },
    });
    const malformed = await statusOf(
      clients.core.listPodForAllNamespaces({ labelSelector: 'app in web' }),
    );
    expect(malformed.code).toBe(400);
    expect(malformed.body.message).toContain('unable to parse requirement');
  });

  it('pages with limit and continue, with remainingItemCount only without selectors', async () => {
    const names: string[] = [];
    let token: string | undefined;
    const pages: Array<{ count: number; remaining?: number }> = [];
    do {
      const page = await clients.core.listPodForAllNamespaces({
        limit: 2,
        _continue: token,
      });
      names.push(...page.items.map(p => p.metadata!.name!));
      pages.push({
        count: page.items.length,
        remaining: page.metadata?.remainingItemCount,
      });
      token = page.metadata?._continue;
    } while (token);
    expect(names).toHaveLength(5);
    expect(new Set(names).size).toBe(5);
    expect(pages).toEqual([
      { count: 2, remaining: 3 },
      { count: 2, remaining: 1 },
      { count: 1, remaining: undefined },
    ]);

    const selected = await clients.core.listPodForAllNamespaces({
      limit: 1,
      labelSelector: 'app.kubernetes.io/name=payments-api',
    });
    expect(selected.metadata?._continue).toBeDefined();
    expect(selected.metadata?.remainingItemCount).toBeUndefined();
  });

  it('serves later pages from the snapshot of the first page', async () => {
    const first = await clients.core.listNamespacedPod({
      namespace: 'payments',
      limit: 1,
    });
    server.state.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'payments-api-7d9f-zz', namespace: 'payments' },
      spec: { containers: [] },
    });
    server.state.remove('v1', 'Pod', 'payments', 'payments-api-7d9f-b');
    const rest = await clients.core.listNamespacedPod({
      namespace: 'payments',
      _continue: first.metadata?._continue,
    });
    expect(rest.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );
    expect(rest.items.map(p => p.metadata?.name)).toEqual([
      'payments-api-7d9f-b',
      'payments-api-7d9f-c',
    ]);
    server.state.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'payments-api-7d9f-b', namespace: 'payments' },
      spec: { containers: [] },
    });
    server.state.remove('v1', 'Pod', 'payments', 'payments-api-7d9f-zz');
  });

  it('answers an expired continue token with 410 Expired and a fresh token; a malformed one with 400', async () => {
    const first = await clients.core.listNamespacedPod({
      namespace: 'payments',
      limit: 1,
    });
    server.state.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bump', namespace: 'payments' },
      data: { a: '1' },
    });
    server.state.compact();
    const expired = await statusOf(
      clients.core.listNamespacedPod({
        namespace: 'payments',
        _continue: first.metadata?._continue,
      }),
    );
    expect(expired.code).toBe(410);
    expect(expired.body).toMatchObject({
      reason: 'Expired',
      code: 410,
      metadata: { continue: expect.any(String) },
    });
    expect(expired.body.message).toContain(
      'The provided continue parameter is too old',
    );
    const resumed = await clients.core.listNamespacedPod({
      namespace: 'payments',
      _continue: expired.body.metadata.continue,
    });
    expect(resumed.items.map(p => p.metadata?.name)).toEqual([
      'payments-api-7d9f-b',
      'payments-api-7d9f-c',
    ]);

    const malformed = await statusOf(
      clients.core.listNamespacedPod({
        namespace: 'payments',
        _continue: 'not-a-token',
      }),
    );
    expect(malformed.code).toBe(400);
    expect(malformed.body.message).toMatch(
      /^invalid continue token: continue key is not valid/,
    );
  });

  it('follows resourceVersion and resourceVersionMatch semantics', async () => {
    const before = String(server.state.resourceVersion);
    server.state.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'later', namespace: 'payments' },
      data: {},
    });
    const exact = await clients.core.listNamespacedConfigMap({
      namespace: 'payments',
      resourceVersion: before,
      resourceVersionMatch: 'Exact',
    });
    expect(exact.metadata?.resourceVersion).toBe(before);
    expect(exact.items.map(c => c.metadata?.name)).toEqual(['bump']);
    const notOlder = await clients.core.listNamespacedConfigMap({
      namespace: 'payments',
      resourceVersion: before,
      resourceVersionMatch: 'NotOlderThan',
    });
    expect(notOlder.items.map(c => c.metadata?.name)).toEqual([
      'bump',
      'later',
    ]);
    const tooLarge = await statusOf(
      clients.core.listNamespacedConfigMap({
        namespace: 'payments',
        resourceVersion: '999999',
      }),
    );
    expect(tooLarge.code).toBe(504);
    expect(tooLarge.body.details.causes[0].reason).toBe(
      'ResourceVersionTooLarge',
    );
    const forbidden = await statusOf(
      clients.core.listNamespacedConfigMap({
        namespace: 'payments',
        resourceVersionMatch: 'Exact',
      }),
    );
    expect(forbidden.code).toBe(422);
    expect(forbidden.body.message).toContain(
      'resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  });

  it('gets one object with kind and apiVersion, and answers 404 with a NotFound Status', async () => {
    const found = await clients.core.readNamespacedPod({
      namespace: 'payments',
      name: 'payments-api-7d9f-a',
    });
    expect(found.kind).toBe('Pod');
    expect(found.spec?.nodeName).toBe('node-a');
    const missingPod = await statusOf(
      clients.core.readNamespacedPod({ namespace: 'payments', name: 'x' }),
    );
    expect(missingPod).toEqual({
      code: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "x" not found',
        reason: 'NotFound',
        details: { name: 'x', kind: 'pods' },
        code: 404,
      },
    });
    const missingDeployment = await statusOf(
      clients.apps.readNamespacedDeployment({
        namespace: 'payments',
        name: 'x',
      }),
    );
    expect(missingDeployment.body.message).toBe(
      'deployments.apps "x" not found',
    );
    expect(missingDeployment.body.details).toEqual({
      name: 'x',
      group: 'apps',
      kind: 'deployments',
    });
  });

  it('answers 401 without or with a wrong token', async () => {
    const wrong = await statusOf(
      clientsFor(server, 'wrong-token').core.listNamespace(),
    );
    expect(wrong.code).toBe(401);
    const response = await fetch(`${server.url}/api/v1/namespaces`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('answers every list the stock Backstage Kubernetes tab makes, including pod metrics', async () => {
    // @backstage/plugin-kubernetes-backend's DEFAULT_OBJECTS, fetched with a label selector.
    const paths = [
      '/api/v1/namespaces/payments/pods',
      '/api/v1/namespaces/payments/services',
      '/api/v1/namespaces/payments/configmaps',
      '/api/v1/namespaces/payments/limitranges',
      '/api/v1/namespaces/payments/resourcequotas',
      '/apis/apps/v1/namespaces/payments/deployments',
      '/apis/apps/v1/namespaces/payments/replicasets',
      '/apis/autoscaling/v2/namespaces/payments/horizontalpodautoscalers',
      '/apis/batch/v1/namespaces/payments/jobs',
      '/apis/batch/v1/namespaces/payments/cronjobs',
      '/apis/networking.k8s.io/v1/namespaces/payments/ingresses',
      '/apis/apps/v1/namespaces/payments/statefulsets',
      '/apis/apps/v1/namespaces/payments/daemonsets',
      '/apis/metrics.k8s.io/v1beta1/namespaces/payments/pods',
      '/apis/policy/v1/namespaces/payments/poddisruptionbudgets',
      '/apis/networking.k8s.io/v1/namespaces/payments/networkpolicies',
      '/apis/monitoring.coreos.com/v1/namespaces/payments/prometheusrules',
    ];
    for (const path of paths) {
      const response = await fetch(
        `${server.url}${path}?labelSelector=${encodeURIComponent(
          'backstage.io/kubernetes-id=payments-api',
        )}`,
        {
          headers: { Authorization: 'Bearer sandbox-kube-token' },
        },
      );
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      const body = await response.json();
      expect(body.kind).toMatch(/List$/);
      expect(Array.isArray(body.items)).toBe(true);
    }
  });

  it('serves requests without credentials only when anonymous access is allowed', async () => {
    const open = await startKubernetesApiServer({
      name: 'open',
      allowAnonymous: true,
    });
    expect((await fetch(`${open.url}/api/v1/namespaces`)).status).toBe(200);
    const wrong = await fetch(`${open.url}/api/v1/namespaces`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    await open.close();
  });

  it('answers unknown resources and methods like the apiserver', async () => {
    const headers = { Authorization: 'Bearer sandbox-kube-token' };
    const unknown = await fetch(`${server.url}/api/v1/widgets`, { headers });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe(
      'the server could not find the requested resource',
    );
    const clusterWidePost = await fetch(`${server.url}/api/v1/pods`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(clusterWidePost.status).toBe(405);
    expect((await clusterWidePost.json()).reason).toBe('MethodNotAllowed');
    const badEscape = await fetch(
      `${server.url}/api/v1/namespaces/%E0%A4%A/pods`,
      { headers },
    );
    expect(badEscape.status).toBe(400);
    const nonApi = await fetch(`${server.url}/nothing-here`, { headers });
    expect(nonApi.status).toBe(404);
    expect(await nonApi.text()).toBe('404 page not found\n');
  });
});
