/**
 * Offline verification of the software templates under templates/: scaffolder
 * dry-runs through the real backend, a test-only Helm renderer, Kubernetes
 * typing and policy checks. Exported for other packages' tests and scripts.
 *
 * @packageDocumentation
 */
export { startDryRunBackend } from './scaffolder/dryRunBackend';
export type { DryRunBackend, DryRunResponse } from './scaffolder/dryRunBackend';
export { buildHelmRenderer, renderChart } from './helm/renderer';
export type { RenderOptions, RenderResult } from './helm/renderer';
export { typecheckDocuments } from './helm/typecheck';
