import {
  AdmissionServer,
  startAdmissionServer,
} from '@internal/eks-platform-sandbox';
import { generatedTrees } from '../scaffolder/generatedTrees';
import { inputSets } from '../scaffolder/inputSets';
import {
  ENVIRONMENTS,
  KUBERNETES_VERSION,
  materialise,
  renderGeneratedChart,
} from './chartRenders';

/*
 * Every environment's rendering of the generated chart, created with
 * server-side dry-run (fieldValidation=Strict) against a real
 * kube-apiserver with the CRDs the chart uses installed from their pinned
 * upstream YAML: the API server itself defaults, validates and admits
 * each object, including the ServiceMonitor and PrometheusRule schemas.
 */
jest.setTimeout(180_000);

let server: AdmissionServer;
const repos: Record<string, string> = {};

beforeAll(async () => {
  const [trees, started] = await Promise.all([
    generatedTrees(),
    startAdmissionServer(),
  ]);
  server = started;
  for (const name of Object.keys(inputSets)) {
    repos[name] = materialise(trees[name], name);
  }
}, 300_000);
afterAll(() => server?.close());

const cases = Object.keys(inputSets).flatMap(name =>
  ENVIRONMENTS.map(env => [name, env] as const),
);

describe('the generated chart is admitted by a real API server', () => {
  it('renders for the Kubernetes release the admitting server runs', () => {
    expect(server.version).toBe(`v${KUBERNETES_VERSION}`);
  });

  it.each(cases)('%s in %s', async (name, env) => {
    const namespace = String(inputSets[name].namespace);
    // Rendered for the pinned Kubernetes release, with the monitoring APIs
    // and the chart's tests, the way Argo CD renders it for the cluster.
    const render = renderGeneratedChart(repos[name], env, { namespace });
    // On failure the whole render prints, Helm's stderr included.
    expect(render).toMatchObject({ ok: true });
    expect(render.documents.length).toBeGreaterThan(5);
    const results = await server.admit(render.documents as any[], {
      namespace,
    });
    expect(results.filter(r => !r.allowed)).toEqual([]);
    expect(results.map(r => r.object.split(' ')[0])).toEqual(
      expect.arrayContaining([
        'Deployment',
        'Service',
        'ServiceAccount',
        'PodDisruptionBudget',
        'ServiceMonitor',
        'PrometheusRule',
      ]),
    );
  });
});
