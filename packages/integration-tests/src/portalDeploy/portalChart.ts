import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  HelmRender,
  KUBERNETES_VERSION,
  MONITORING_APIS,
  renderChart,
  startDryRunBackend,
} from '@internal/templates-verification';
import { REPO_ROOT } from '../harness/platformConfig';

/*
 * deploy/portal: the portal deployed with the product's own golden path.
 * chart/ is what the real scaffolder generates from golden-path-inputs.yaml
 * (a dry-run of templates/eks-service), rendered/<env>.yaml what the real
 * Helm makes of it with the portal's values, as Argo CD renders it
 * (deploy/argocd). Both are committed so a review sees every change; the
 * test beside this file fails when either differs from a fresh generation.
 */

export const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy');
export const PORTAL_DIR = path.join(DEPLOY_DIR, 'portal');
export const PORTAL_CHART_DIR = path.join(PORTAL_DIR, 'chart');
export const PORTAL_ENVIRONMENTS = ['dev', 'stage', 'prod'] as const;
export type PortalEnvironment = (typeof PORTAL_ENVIRONMENTS)[number];
export const PORTAL_RELEASE = 'backstage';
export const PORTAL_NAMESPACE = 'backstage';

/** Path -> content, relative to deploy/portal/chart. */
export type ChartFiles = Record<string, string>;

/** The chart the golden-path template generates from the portal's inputs. */
export async function generatePortalChart(): Promise<ChartFiles> {
  const inputs = yaml.parse(
    fs.readFileSync(path.join(PORTAL_DIR, 'golden-path-inputs.yaml'), 'utf8'),
  );
  const backend = await startDryRunBackend();
  try {
    const result = await backend.dryRun(inputs);
    if (result.status !== 200) {
      throw new Error(
        `dry-run of the portal's inputs failed with ${
          result.status
        }: ${JSON.stringify(result.body)}`,
      );
    }
    const failed = (result.body?.steps ?? []).filter(
      (s: { status?: string }) => s.status === 'failed',
    );
    if (failed.length > 0) {
      throw new Error(`dry-run steps failed: ${JSON.stringify(result.body)}`);
    }
    const chart: ChartFiles = {};
    for (const [file, content] of Object.entries(result.files)) {
      if (file.startsWith('chart/'))
        chart[file.slice('chart/'.length)] = content;
    }
    if (!chart['Chart.yaml']) {
      throw new Error('the dry-run generated no chart/Chart.yaml');
    }
    return chart;
  } finally {
    await backend.stop();
  }
}

/** The committed chart, as {@link ChartFiles}. */
export function readCommittedChart(dir: string = PORTAL_CHART_DIR): ChartFiles {
  const files: ChartFiles = {};
  if (!fs.existsSync(dir)) return files;
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else files[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('');
  return files;
}

/** Replaces deploy/portal/chart with `files`. */
export function writeChart(files: ChartFiles, dir: string = PORTAL_CHART_DIR) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

/** The value files in Argo CD's order (deploy/argocd/backstage-<env>.yaml). */
export function portalValueFiles(
  env: PortalEnvironment,
  chartDir: string = PORTAL_CHART_DIR,
): string[] {
  return [
    path.join(chartDir, `values-${env}.yaml`),
    path.join(PORTAL_DIR, 'values-portal.yaml'),
    path.join(PORTAL_DIR, `values-portal-${env}.yaml`),
  ];
}

/** `helm template` of the portal for one environment, for the pinned Kubernetes. */
export function renderPortal(
  env: PortalEnvironment,
  chartDir: string = PORTAL_CHART_DIR,
): HelmRender {
  return renderChart({
    chartDir,
    releaseName: PORTAL_RELEASE,
    namespace: PORTAL_NAMESPACE,
    kubeVersion: KUBERNETES_VERSION,
    apiVersions: MONITORING_APIS,
    valuesFiles: portalValueFiles(env, chartDir),
  });
}

/** A render as the committed deploy/portal/rendered/<env>.yaml holds it. */
export function renderedText(render: HelmRender): string {
  if (!render.ok) throw new Error(`helm template failed: ${render.stderr}`);
  return `${render.manifests
    .map(m => `---\n# Source: ${m.source}\n${m.text.trimEnd()}\n`)
    .join('')}`;
}

export function renderedFile(env: PortalEnvironment): string {
  return path.join(PORTAL_DIR, 'rendered', `${env}.yaml`);
}

/** The Argo CD Application of an environment. */
export function argocdApplication(env: PortalEnvironment): Record<string, any> {
  return yaml.parse(
    fs.readFileSync(
      path.join(DEPLOY_DIR, 'argocd', `backstage-${env}.yaml`),
      'utf8',
    ),
  );
}
