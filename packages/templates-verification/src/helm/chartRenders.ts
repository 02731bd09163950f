import path from 'node:path';
import yaml from 'yaml';
import { GeneratedTree, writeTree } from '../scaffolder/generatedTrees';
import { RenderResult, renderChart } from './renderer';

export const ENVIRONMENTS = ['dev', 'stage', 'prod'] as const;
export const MONITORING_APIS = [
  'monitoring.coreos.com/v1',
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
];

export interface EnvRender {
  env: string;
  result: RenderResult;
  docs: Array<Record<string, any>>;
}

export function parseDocuments(
  result: RenderResult,
): Array<Record<string, any>> {
  return result.documents.map(d => yaml.parse(d.text));
}

/** Renders the generated chart the way Argo CD does: values.yaml, then values-<env>.yaml. */
export function renderGeneratedChart(
  repoDir: string,
  env: string,
  options: {
    namespace: string;
    apiVersions?: string[];
    extraValues?: string[];
  },
): EnvRender {
  const chartDir = path.join(repoDir, 'chart');
  const result = renderChart({
    chartDir,
    releaseName: 'svc',
    namespace: options.namespace,
    valueFiles: [
      path.join(chartDir, `values-${env}.yaml`),
      ...(options.extraValues ?? []),
    ],
    apiVersions: options.apiVersions ?? MONITORING_APIS,
  });
  return { env, result, docs: result.ok ? parseDocuments(result) : [] };
}

export function materialise(tree: GeneratedTree, name: string): string {
  return writeTree(tree, `generated-${name}`);
}

export function byKind(docs: Array<Record<string, any>>, kind: string) {
  return docs.filter(d => d.kind === kind);
}
