export { startArgoCdSimulator, ARGOCD_OPERATIONS } from './server';
export type { ArgoCdSimulator, ArgoCdSimulatorOptions } from './server';
export type { StatusOverride } from './store';
export type { RepositoryCredential } from './repository/credentials';
export type * from './types';
export { sandboxApplication } from './seed';
export type { SandboxApplicationInput } from './seed';
export { IN_CLUSTER } from './clusterRegistry';
export type { ArgoCdCluster } from './clusterRegistry';
