import { spawnSync } from 'node:child_process';
import path from 'node:path';
import yaml from 'yaml';
import {
  AdmissionServer,
  startAdmissionServer,
  upstreamBinary,
} from '@internal/eks-platform-sandbox';
import { generatedTrees } from '../scaffolder/generatedTrees';
import { inputSets } from '../scaffolder/inputSets';
import { ENVIRONMENTS, MONITORING_APIS, materialise } from './chartRenders';

/**
 * `helm template` of the generated chart with the pinned Helm, the way Argo
 * CD renders it (values.yaml, then values-<env>.yaml) for the admitting
 * server's Kubernetes version, tests included.
 * TODO(merge): use the chart suite's own real-Helm rendering once it lands.
 */
function helmTemplate(
  repoDir: string,
  env: string,
  namespace: string,
  kubeVersion: string,
) {
  const chartDir = path.join(repoDir, 'chart');
  const r = spawnSync(
    upstreamBinary('helm').path,
    [
      'template',
      'svc',
      chartDir,
      '--namespace',
      namespace,
      '--kube-version',
      kubeVersion,
      '-f',
      path.join(chartDir, `values-${env}.yaml`),
      ...MONITORING_APIS.flatMap(api => ['--api-versions', api]),
    ],
    { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: repoDir } },
  );
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return yaml
    .parseAllDocuments(r.stdout)
    .map(d => d.toJS())
    .filter(Boolean);
}

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
  it.each(cases)('%s in %s', async (name, env) => {
    const namespace = String(inputSets[name].namespace);
    const docs = helmTemplate(repos[name], env, namespace, server.version);
    expect(docs.length).toBeGreaterThan(5);
    const results = await server.admit(docs as any[], { namespace });
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
