/**
 * Offline verification of the software templates under templates/: scaffolder
 * dry-runs through the real backend, the real Helm (lint and template), Kubernetes
 * typing and policy checks. Exported for other packages' tests and scripts.
 *
 * @packageDocumentation
 */
export { startDryRunBackend } from './scaffolder/dryRunBackend';
export type { DryRunBackend, DryRunResponse } from './scaffolder/dryRunBackend';
export { renderChart, parseHelmOutput } from './helm/helmTemplate';
export type {
  HelmRender,
  RenderOptions,
  RenderedManifest,
} from './helm/helmTemplate';
export { lintChart } from './helm/helmLint';
export type { HelmLint, LintMessage, LintOptions } from './helm/helmLint';
export type { ChartValues } from './helm/helmValues';
export {
  ENVIRONMENTS,
  KUBERNETES_VERSION,
  MONITORING_APIS,
  RELEASE_NAME,
  chartDir,
  byKind,
  lintGeneratedChart,
  materialise,
  renderGeneratedChart,
} from './helm/chartRenders';
export type {
  EnvRender,
  Environment,
  GeneratedChartOptions,
} from './helm/chartRenders';
export { generatedTrees, writeTree } from './scaffolder/generatedTrees';
export type { GeneratedTree } from './scaffolder/generatedTrees';
export { inputSets } from './scaffolder/inputSets';
export { typecheckDocuments } from './helm/typecheck';
