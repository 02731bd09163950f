import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths';
import { GeneratedTree, writeTree } from '../scaffolder/generatedTrees';
import { HelmLint, lintChart } from './helmLint';
import { HelmRender, renderChart } from './helmTemplate';
import { ChartValues } from './helmValues';

/*
 * The golden-path chart as the template generates it (`<repo>/chart`),
 * rendered and linted by the real Helm the way Argo CD deploys it: the
 * chart's values.yaml, then values-<env>.yaml, then whatever a test adds.
 * The one entry point for every check of the generated manifests (policy,
 * typing, server-side admission).
 */

export const ENVIRONMENTS = ['dev', 'stage', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The release name the checks render with. */
export const RELEASE_NAME = 'svc';

/** The Prometheus Operator APIs of a cluster that has its CRDs installed. */
export const MONITORING_APIS = [
  'monitoring.coreos.com/v1',
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
];

/**
 * `.Capabilities.KubeVersion`: the release of the kube-apiserver pinned in
 * tools/upstreams/pins.json, which the sandbox clusters run and which admits
 * these manifests.
 */
export const KUBERNETES_VERSION: string = JSON.parse(
  fs.readFileSync(
    path.join(repoRoot, 'tools', 'upstreams', 'pins.json'),
    'utf8',
  ),
).tools['kube-apiserver'].version.replace(/^v/, '');

export interface GeneratedChartOptions extends ChartValues {
  /** The release namespace (the service's namespace). */
  namespace: string;
  /** Default {@link MONITORING_APIS}; `[]` renders for a cluster without the CRDs. */
  apiVersions?: string[];
}

export type EnvRender = HelmRender & { env: Environment };

/** `<repo>/chart`. */
export function chartDir(repoDir: string): string {
  return path.join(repoDir, 'chart');
}

/** values-<env>.yaml, then the options' files, inline values and `--set`s. */
function environmentValues(
  repoDir: string,
  env: Environment,
  options: ChartValues,
): ChartValues {
  return {
    valuesFiles: [
      path.join(chartDir(repoDir), `values-${env}.yaml`),
      ...(options.valuesFiles ?? []),
    ],
    values: options.values,
    set: options.set,
  };
}

/** `helm template` of the generated chart for one environment (cached per run). */
export function renderGeneratedChart(
  repoDir: string,
  env: Environment,
  options: GeneratedChartOptions,
): EnvRender {
  const render = renderChart({
    chartDir: chartDir(repoDir),
    releaseName: RELEASE_NAME,
    namespace: options.namespace,
    kubeVersion: KUBERNETES_VERSION,
    apiVersions: options.apiVersions ?? MONITORING_APIS,
    ...environmentValues(repoDir, env, options),
  });
  return { env, ...render };
}

/** `helm lint --strict` of the generated chart for one environment (cached per run). */
export function lintGeneratedChart(
  repoDir: string,
  env: Environment,
  options: GeneratedChartOptions,
): HelmLint {
  return lintChart({
    chartDir: chartDir(repoDir),
    namespace: options.namespace,
    kubeVersion: KUBERNETES_VERSION,
    ...environmentValues(repoDir, env, options),
  });
}

/** Writes a tree the scaffolder generated to a fresh folder for Helm to read. */
export function materialise(tree: GeneratedTree, name: string): string {
  return writeTree(tree, `generated-${name}`);
}

export function byKind(docs: Array<Record<string, any>>, kind: string) {
  return docs.filter(d => d.kind === kind);
}
