export { startArgoCdSimulator, ARGOCD_OPERATIONS } from './server';
export type { ArgoCdSimulator, ArgoCdSimulatorOptions } from './server';
export type { StatusOverride } from './store';
export type { RepositoryCredential } from './repoServer';
export type * from './types';
export { sandboxApplication } from './seed';
export type { SandboxApplicationInput } from './seed';
