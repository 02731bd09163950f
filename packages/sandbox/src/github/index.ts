export { startGitHubSimulator } from './startGitHubSimulator';
export { gitHubSimulatorIntegrations } from './integrationConfig';
export type {
  GitHubSimulator,
  GitHubSimulatorOptions,
} from './startGitHubSimulator';
export type { FailureRule } from './api/failures';
export type { SeedRepository } from './model/seed';
export type { RepoSnapshot } from './model/snapshot';
