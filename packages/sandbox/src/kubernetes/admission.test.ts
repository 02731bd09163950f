import { AdmissionServer, startAdmissionServer } from './admission';

/*
 * Server-side dry-run admission against a real kube-apiserver with the
 * prometheus-operator, Istio and Argo CD CRDs installed from their pinned
 * upstream YAML.
 */
jest.setTimeout(60_000);

let server: AdmissionServer;
beforeAll(async () => {
  server = await startAdmissionServer();
}, 120_000);
afterAll(() => server?.close());

const labels = { app: 'shop' };
const deployment = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop', labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        serviceAccountName: 'shop',
        containers: [{ name: 'app', image: 'shop:1.0.0', ...extra }],
      },
    },
  },
});

const valid = [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'shop' } },
  deployment(),
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop' },
    spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shop-test' },
    spec: {
      serviceAccountName: 'shop',
      restartPolicy: 'Never',
      containers: [{ name: 't', image: 'shop:1.0.0' }],
    },
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'shop' },
    spec: {
      selector: { matchLabels: labels },
      endpoints: [{ port: 'http', interval: '30s' }],
    },
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'shop' },
    spec: {
      groups: [
        {
          name: 'shop',
          rules: [{ alert: 'Down', expr: 'up == 0', for: '5m' }],
        },
      ],
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'shop' },
    spec: {
      hosts: ['shop'],
      http: [{ route: [{ destination: { host: 'shop' } }] }],
    },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'shop' },
    spec: { mtls: { mode: 'STRICT' } },
  },
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop-prod', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/acme/shop',
        path: 'chart',
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'shop',
      },
    },
  },
];

describe('startAdmissionServer', () => {
  it('admits valid manifests of built-in kinds and of the pinned CRDs', async () => {
    const results = await server.admit(valid, { namespace: 'shop' });
    expect(results.filter(r => !r.allowed)).toEqual([]);
    expect(results.map(r => r.object)).toEqual([
      'ServiceAccount shop/shop',
      'Deployment shop/shop',
      'Service shop/shop',
      'Pod shop/shop-test',
      'ServiceMonitor shop/shop',
      'PrometheusRule shop/shop',
      'VirtualService shop/shop',
      'PeerAuthentication shop/shop',
      'Application argocd/shop-prod',
    ]);
  });

  it('leaves nothing behind: the same set is admitted again', async () => {
    const set = valid.slice(0, 4);
    await server.admit(set, { namespace: 'again' });
    const again = await server.admit(set, { namespace: 'again' });
    expect(again.filter(r => !r.allowed)).toEqual([]); // no AlreadyExists
  });

  it('refuses what the API server refuses, with its message', async () => {
    const results = await server.admit(
      [
        deployment({ imagePullPolicy: 'Sometimes' }),
        deployment({ unknownField: true }),
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: { name: 'bad' },
          spec: { selector: {}, endpoints: [{ interval: 'often' }] },
        },
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'bad' },
          spec: { hosts: 'shop' },
        },
        {
          apiVersion: 'autoscaling/v2beta1',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'old' },
          spec: {},
        },
        { kind: 'ConfigMap', metadata: { name: 'no-api-version' } },
      ] as any[],
      { namespace: 'refused' },
    );
    expect(results.map(r => [r.allowed, r.status])).toEqual([
      [false, 422],
      [false, 400],
      [false, 422],
      [false, 422],
      [false, 404],
      [false, 400],
    ]);
    expect(results[0].message).toMatch(/imagePullPolicy.*Unsupported value/);
    expect(results[1].message).toMatch(/unknown field.*unknownField/);
    expect(results[2].message).toMatch(/interval/);
    expect(results[3].message).toMatch(/hosts/);
    expect(results[4].message).toMatch(/autoscaling\/v2beta1/);
  });
});
