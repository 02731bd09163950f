import type { GitHubSimulator } from './startGitHubSimulator';

/**
 * `integrations` config that points Backstage's GitHub integration at a
 * sandbox GitHub simulator (its host, REST API and token), as app-config
 * does for the sandbox.
 */
export function gitHubSimulatorIntegrations(
  github: Pick<GitHubSimulator, 'host' | 'apiBaseUrl' | 'token'>,
) {
  return {
    github: [
      {
        host: github.host,
        apiBaseUrl: github.apiBaseUrl,
        token: github.token,
      },
    ],
  };
}
