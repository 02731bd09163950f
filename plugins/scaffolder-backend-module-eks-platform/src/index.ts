/**
 * Scaffolder actions that register a service in ECR, Argo CD and Vault, and
 * configure the GitHub settings its pipelines need.
 *
 * @packageDocumentation
 */
export { scaffolderModuleEksPlatform as default } from './module';
export { createEcrCreateAction } from './actions/ecrCreate/ecrCreate';
export type { EcrCreateActionOptions } from './actions/ecrCreate/ecrCreate';
export { ecrCreateInput } from './actions/ecrCreate/ecrCreate.input';
export { createArgoCdRegisterAction } from './actions/argocdRegister/argocdRegister';
export { createVaultRegisterAction } from './actions/vaultRegister/vaultRegister';
export { createGithubRepoSettingsAction } from './actions/githubRepoSettings/githubRepoSettings';
export { createServicePreflightAction } from './actions/servicePreflight/servicePreflight';
export { createPlatformResolveAction } from './actions/platformResolve/platformResolve';
