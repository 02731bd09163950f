import {
  AdmissionServer,
  startAdmissionServer,
} from '@internal/eks-platform-sandbox';
import { KUBERNETES_VERSION } from './chartRenders';
import {
  ChartOption,
  caseNames,
  renderedCases,
} from './__testUtils__/chartCases';
import {
  withDatabase,
  withDependenciesCidrsAndKafka,
  withIstioCanary,
} from './__testUtils__/chartOptions';

/*
 * Every environment's rendering of the generated chart, for every input set
 * and for the chart's options (Istio with a canary, Istio off, dependencies
 * with explicit CIDRs, Kafka and a database with dynamic credentials and
 * its CA bundle), created with
 * server-side dry-run (fieldValidation=Strict) against a real kube-apiserver
 * with the CRDs the chart uses installed from their pinned upstream YAML:
 * the API server itself defaults, validates and admits each object,
 * including the ServiceMonitor, PrometheusRule and Istio schemas.
 */
jest.setTimeout(300_000);

const options: Record<string, ChartOption> = {
  generated: () => ({}),
  'Istio with a canary at 10%': withIstioCanary,
  'Istio off': () => ({ istio: { enabled: false } }),
  'dependencies, CIDRs, Kafka and a database with dynamic credentials':
    generated => ({
      ...withDependenciesCidrsAndKafka(generated),
      ...withDatabase(generated),
    }),
};

let server: AdmissionServer;
beforeAll(async () => {
  server = await startAdmissionServer();
}, 300_000);
afterAll(() => server?.close());

const cases = renderedCases(options);

describe('the generated chart is admitted by a real API server', () => {
  it('renders for the Kubernetes release the admitting server runs', () => {
    expect(server.version).toBe(`v${KUBERNETES_VERSION}`);
  });

  it.each(caseNames(options))('%s', async name => {
    const c = cases(name);
    // Rendered for the pinned Kubernetes release, with the monitoring APIs
    // and the chart's tests, the way Argo CD renders it for the cluster.
    // On failure the whole render prints, Helm's stderr included.
    expect(c.render).toMatchObject({ ok: true });
    const results = await server.admit(c.render.documents as any[], {
      namespace: c.namespace,
    });
    expect(results.filter(r => !r.allowed)).toEqual([]);
    const kinds = results.map(r => r.object.split(' ')[0]);
    const count = (kind: string) => kinds.filter(k => k === kind).length;
    const v = c.values;
    const istio = v.istio.enabled ? 1 : 0;
    expect({
      Deployment: count('Deployment'),
      Service: count('Service'),
      ServiceAccount: count('ServiceAccount'),
      Pod: count('Pod'),
      ConfigMap: count('ConfigMap'),
      NetworkPolicy: count('NetworkPolicy'),
      PodDisruptionBudget: count('PodDisruptionBudget'),
      HorizontalPodAutoscaler: count('HorizontalPodAutoscaler'),
      Ingress: count('Ingress'),
      ServiceMonitor: count('ServiceMonitor'),
      PrometheusRule: count('PrometheusRule'),
      PeerAuthentication: count('PeerAuthentication'),
      DestinationRule: count('DestinationRule'),
      VirtualService: count('VirtualService'),
      AuthorizationPolicy: count('AuthorizationPolicy'),
    }).toEqual({
      Deployment: 1 + (istio && v.istio.canary.enabled ? 1 : 0),
      Service: 1,
      // the service's and the helm test's
      ServiceAccount: 2,
      Pod: 1,
      // settings and the Grafana dashboard
      ConfigMap: 2,
      NetworkPolicy: 2,
      PodDisruptionBudget: 1,
      HorizontalPodAutoscaler: v.autoscaling.enabled ? 1 : 0,
      Ingress: v.ingress.mode !== 'none' && !istio ? 1 : 0,
      ServiceMonitor: 1,
      PrometheusRule: 1,
      PeerAuthentication: istio,
      DestinationRule: istio,
      VirtualService: istio,
      AuthorizationPolicy: istio,
    });
  });
});
